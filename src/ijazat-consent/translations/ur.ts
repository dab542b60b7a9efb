import type { BuiltInWords } from './translation.js';

/** Urdu: the words the widget needs before the service's wording arrives, or when it cannot be reached. */
const ur: BuiltInWords = {
  $code: 'ur',
  $dir: 'rtl',
  loading: 'لوڈ ہو رہا ہے…',
  retry: 'دوبارہ کوشش کریں',
  required: 'ہمارے بھیجے کوڈ سے اجازت دیں۔',
  not_allowed: 'یہ سائٹ ابھی اجازت نہیں مانگ سکتی۔ کچھ نہیں بھیجا گیا۔',
  failed: 'سروس نے جواب نہیں دیا۔ کنکشن دیکھ کر دوبارہ کوشش کریں۔',
  missing_attribute: 'یہ فارم درست ترتیب نہیں دیا گیا۔ کچھ نہیں بھیجا گیا۔',
};

export default ur;
