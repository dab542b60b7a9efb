/** The gallery's states, in order: the ids the gallery renders and the demo walk test expects. */
export const GALLERY_STATE_IDS = [
  'loading',
  'misconfigured',
  'unavailable',
  'cnic-entry',
  'error-invalid-cnic',
  'error-not-found',
  'error-no-mobile',
  'error-card-expired',
  'error-card-cancelled',
  'error-service-unavailable',
  'error-network',
  'sending',
  'code-entry',
  'error-wrong-code',
  'verifying',
  'expiring-soon',
  'expired',
  'locked',
  'granted',
] as const;
export type GalleryStateId = (typeof GALLERY_STATE_IDS)[number];
