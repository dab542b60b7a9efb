import { WEBHOOK_ERRORS, type WebhookErrorCode } from '../contract/errors.js';

/**
 * The only error `verifyWebhookEvent` throws for a delivery it refuses. `code` is one of
 * WEBHOOK_ERRORS; the message is that code's fixed wording, never the body or the signature.
 */
export class WebhookEventError extends Error {
  readonly code: WebhookErrorCode;

  constructor(code: WebhookErrorCode, options?: { cause?: unknown }) {
    super(WEBHOOK_ERRORS[code], options);
    this.name = 'WebhookEventError';
    this.code = code;
  }
}
