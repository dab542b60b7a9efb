import type { FlowEvents } from '../flow/consent-flow.js';

/** Something failed: `detail.code` (documented in docs/widget.md), `detail.message` for developers, in English. */
export type IjazatErrorEvent = CustomEvent<FlowEvents['ijazat-error']>;

declare global {
  interface HTMLElementEventMap {
    'ijazat-error': IjazatErrorEvent;
  }
}
