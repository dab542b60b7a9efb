/** Package entry `ijazat-consent`: defines the tag as a side effect; re-exports the class and public types. */
export { IjazatConsent } from './ijazat-consent/ijazat-consent.js';
export type { ConsentState, FlowError } from './flow/consent-flow.js';
export type { Translation } from './translations/translation.js';
export type { ErrorCode, ServiceErrorCode, WidgetErrorCode } from './contract/errors.js';
export type { IjazatStateEvent } from './events/ijazat-state.js';
export type { IjazatPasscodeSentEvent } from './events/ijazat-passcode-sent.js';
export type { IjazatGrantedEvent } from './events/ijazat-granted.js';
export type { IjazatErrorEvent } from './events/ijazat-error.js';
export type { IjazatCancelEvent } from './events/ijazat-cancel.js';
