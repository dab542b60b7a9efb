import type { BuiltInWords } from './translation.js';

/** English: the words the widget needs before the service's wording arrives, or when it cannot be reached. */
const en: BuiltInWords = {
  $code: 'en',
  $dir: 'ltr',
  loading: 'Loading…',
  retry: 'Try again',
  required: 'Give consent with the code we send you.',
  not_allowed: 'This site cannot ask for CNIC consent now. Nothing was sent.',
  failed: 'The service did not answer. Check your connection and try again.',
  missing_attribute: 'This consent form is not set up correctly. Nothing was sent.',
};

export default en;
