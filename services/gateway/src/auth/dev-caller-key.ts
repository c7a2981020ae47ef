/**
 * The private half of the development caller-token key pair (the services hold the public half).
 * The gateway uses it only when NODE_ENV is development or test and CALLER_TOKEN_PRIVATE_KEY is
 * unset; in production it refuses to start without the configured key.
 */
export const DEV_CALLER_TOKEN_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOnUKNb6LHiCrXKrif7mRbLOHH6HTCp8vmkP+qXPIRPH
-----END PRIVATE KEY-----
`;
