/** Package entry `ijazat-consent`: defines the tag as a side effect; re-exports the class and public types. */
export { IjazatConsent } from './ijazat-consent/ijazat-consent.js';
export type { ConsentState, FlowError } from './ijazat-consent/flow/consent-flow.js';
export type { Translation } from './ijazat-consent/translations/translation.js';
export type { ErrorCode, ServiceErrorCode, WidgetErrorCode } from './contract/errors.js';
export type { IjazatStateEvent } from './ijazat-consent/events/ijazat-state.js';
export type { IjazatPasscodeSentEvent } from './ijazat-consent/events/ijazat-passcode-sent.js';
export type { IjazatGrantedEvent } from './ijazat-consent/events/ijazat-granted.js';
export type { IjazatErrorEvent } from './ijazat-consent/events/ijazat-error.js';
export type { IjazatCancelEvent } from './ijazat-consent/events/ijazat-cancel.js';
