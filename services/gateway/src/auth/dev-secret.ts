/**
 * The secret of development and test tokens (`npm run token`). The gateway uses it only when
 * NODE_ENV is exactly development or test and no key is configured; otherwise it refuses to start without one.
 */
export const DEV_JWT_SECRET = 'parkledger-development-only-secret-never-in-production';
