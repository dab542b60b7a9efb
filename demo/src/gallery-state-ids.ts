/** The gallery's states, in order: the ids the gallery renders and the demo walk test expects. */
export const GALLERY_STATE_IDS = [
  'loading',
  'misconfigured',
  'unavailable',
  'cnic-entry',
  'error-invalid-cnic',
  'error-service-unavailable',
  'error-network',
  'error-timeout',
  'error-rate-limited',
  'error-cnic-backoff',
  'sending',
  'code-entry',
  'error-wrong-code',
  'verifying',
  'expiring-soon',
  'expired',
  'locked',
  'cancelled',
  'granted',
] as const;
export type GalleryStateId = (typeof GALLERY_STATE_IDS)[number];
