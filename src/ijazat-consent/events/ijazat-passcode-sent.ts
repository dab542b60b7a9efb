import type { FlowEvents } from '../flow/consent-flow.js';

/** A passcode SMS went to the citizen's registered mobile (first send or a new code): `detail.requestId`, `maskedMobile`, `expiresAt`. */
export type IjazatPasscodeSentEvent = CustomEvent<FlowEvents['ijazat-passcode-sent']>;

declare global {
  interface HTMLElementEventMap {
    'ijazat-passcode-sent': IjazatPasscodeSentEvent;
  }
}
