/**
 * The public half of the development caller-token key pair (the gateway holds the private half).
 * A service uses it only when NODE_ENV is development or test and CALLER_TOKEN_PUBLIC_KEY is unset;
 * in production it refuses to start without the configured key.
 */
export const DEV_CALLER_TOKEN_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAuUV+gReHwWTWn71BHqqnV+ZnhZ8VizwzLZODUyQrJng=
-----END PUBLIC KEY-----
`;
