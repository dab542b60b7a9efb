/** Registers `<ijazat-consent>` (once, however many copies of the bundle a page loads). */
import { IjazatConsent } from './ijazat-consent.component.js';

export { IjazatConsent };

if (!customElements.get('ijazat-consent')) customElements.define('ijazat-consent', IjazatConsent);

declare global {
  interface HTMLElementTagNameMap {
    'ijazat-consent': IjazatConsent;
  }
}
