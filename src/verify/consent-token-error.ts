import { TOKEN_ERRORS, type TokenErrorCode } from '../contract/errors.js';

/**
 * The only error `verifyConsentToken` throws for a token it refuses. `code` is one of TOKEN_ERRORS;
 * the message is that code's fixed wording, never the token or a claim value (safe to log).
 */
export class ConsentTokenError extends Error {
  readonly code: TokenErrorCode;

  constructor(code: TokenErrorCode, options?: { cause?: unknown }) {
    super(TOKEN_ERRORS[code], options);
    this.name = 'ConsentTokenError';
    this.code = code;
  }
}
