import type { FlowEvents } from '../flow/consent-flow.js';

/** The citizen consented: `detail.token` is the consent token (also the form value). Verify it on your backend. */
export type IjazatGrantedEvent = CustomEvent<FlowEvents['ijazat-granted']>;

declare global {
  interface HTMLElementEventMap {
    'ijazat-granted': IjazatGrantedEvent;
  }
}
