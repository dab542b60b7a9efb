export * from './api.js';
export * from './errors.js';
export * from './schemas.js';
export * from './cnic-digest.js';
