import type { FlowEvents } from '../flow/consent-flow.js';

/** The citizen cancelled; the widget asked the service to close the request. `detail` is empty. */
export type IjazatCancelEvent = CustomEvent<FlowEvents['ijazat-cancel']>;

declare global {
  interface HTMLElementEventMap {
    'ijazat-cancel': IjazatCancelEvent;
  }
}
