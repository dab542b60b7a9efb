// @ts-check
/**
 * Optional glue for the plain HTML example: the form submits the token by itself (the element is a
 * form field); this only reflects the widget's events on the page: a status line, and the submit
 * button enabled once consent is given.
 * @param {HTMLFormElement} form
 */
export function wireConsentForm(form) {
  const status = /** @type {HTMLOutputElement} */ (form.querySelector('#consent-status'));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]'));
  form.addEventListener('ijazat-state', (event) => {
    const { state } = /** @type {CustomEvent<{ state: string }>} */ (event).detail;
    form.dataset.consentState = state;
  });
  form.addEventListener('ijazat-granted', () => {
    status.value = 'Consent given. You can open your account.';
    submit.disabled = false;
  });
  form.addEventListener('ijazat-error', (event) => {
    const { code } = /** @type {CustomEvent<{ code: string }>} */ (event).detail;
    status.value = `Consent not given yet (${code}).`;
  });
  form.addEventListener('ijazat-cancel', () => {
    status.value = '';
    submit.disabled = true;
  });
}

const form = document.querySelector('form#account-form');
if (form instanceof HTMLFormElement) wireConsentForm(form);
