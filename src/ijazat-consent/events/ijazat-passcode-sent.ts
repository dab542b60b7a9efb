import type { FlowEvents } from '../flow/consent-flow.js';

/**
 * A code was made (first send or a new code) and sent to the mobile registered with the CNIC, if
 * there is one: `detail.requestId`, `expiresAt`. No mobile, masked or not: before consent the service
 * tells nothing about the citizen.
 */
export type IjazatPasscodeSentEvent = CustomEvent<FlowEvents['ijazat-passcode-sent']>;

declare global {
  interface HTMLElementEventMap {
    'ijazat-passcode-sent': IjazatPasscodeSentEvent;
  }
}
