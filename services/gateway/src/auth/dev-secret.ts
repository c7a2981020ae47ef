/**
 * The secret of development and test tokens (`npm run token`). The gateway uses it only when
 * NODE_ENV is not production and no JWT_SECRET is set; in production it refuses to start without one.
 */
export const DEV_JWT_SECRET = 'parkledger-development-only-secret-never-in-production';
