/**
 * React 19: custom elements are first-class. Attributes are passed as written (kebab-case), and
 * `on<event-name>` props listen to the element's events (here `onijazat-state`, `onijazat-granted`,
 * `onijazat-error`), so no ref or wrapper is needed. The token is submitted with the form under `name`.
 * Needs: `import 'ijazat-consent'` once in your app (defines the tag).
 */
import { useState } from 'react';

export function ConsentForm({ nonce, apiBase, onStateChange }) {
  const [state, setState] = useState('loading');
  const [granted, setGranted] = useState(false);
  const [error, setError] = useState(null);

  return (
    <form method="post" action="/accounts">
      <ijazat-consent
        partner-key="pk_test_sandbox_bank"
        purpose="account-opening"
        nonce={nonce}
        api-base={apiBase}
        name="ijazat_token"
        required
        onijazat-state={(event) => {
          setState(event.detail.state);
          onStateChange?.(event.detail.state);
        }}
        onijazat-granted={() => setGranted(true)}
        onijazat-error={(event) => setError(event.detail.code)}
      />
      <p data-testid="consent-state">{state}</p>
      {error && <p role="alert" data-testid="consent-error">{error}</p>}
      <button type="submit" disabled={!granted}>
        Open account
      </button>
    </form>
  );
}
