import type { FlowEvents } from '../flow/consent-flow.js';

/** The widget moved to another state: `detail.state` (see docs/widget.md for the list). */
export type IjazatStateEvent = CustomEvent<FlowEvents['ijazat-state']>;

declare global {
  interface HTMLElementEventMap {
    'ijazat-state': IjazatStateEvent;
  }
}
