/** The gallery's states, in order: the ids the gallery renders and the demo walk test expects. */
export const GALLERY_STATE_IDS = [
  'loading',
  'cnic-entry',
  'error-invalid-cnic',
  'error-not-found',
  'error-no-mobile',
  'error-card-expired',
  'error-card-cancelled',
  'error-unavailable',
  'error-network',
  'sending',
  'code-entry',
  'error-wrong-code',
  'expiring-soon',
  'error-code-expired',
  'locked',
  'granted',
] as const;
export type GalleryStateId = (typeof GALLERY_STATE_IDS)[number];
