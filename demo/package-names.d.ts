/**
 * The demo imports the package by its own name, as a partner would. vite.config.ts maps those names to
 * the sources for the bundler; these declarations do the same for the type-checker, naming only what
 * the demo uses, typed straight from the entry modules so they cannot drift.
 */
declare module 'ijazat-consent' {
  type Entry = typeof import('../src/index.js');
  export type IjazatConsent = InstanceType<Entry['IjazatConsent']>;
}

declare module 'ijazat-consent/simulator' {
  type Entry = typeof import('../simulator/index.js');
  export const startBrowserSimulator: Entry['startBrowserSimulator'];
}

declare module 'ijazat-consent/verify' {
  type Entry = typeof import('../src/verify/index.js');
  export const verifyConsentToken: Entry['verifyConsentToken'];
  export const ConsentTokenError: Entry['ConsentTokenError'];
  export type ConsentTokenError = InstanceType<Entry['ConsentTokenError']>;
  export const verifyWebhookEvent: Entry['verifyWebhookEvent'];
  export const WebhookEventError: Entry['WebhookEventError'];
  export type WebhookEventError = InstanceType<Entry['WebhookEventError']>;
  export type WebhookEvent = import('../src/verify/index.js').WebhookEvent;
}
