import { callerTokenKey, env } from '@parkledger/platform';
import { type KeyObject } from 'node:crypto';
import { DEV_CALLER_TOKEN_PUBLIC_KEY } from './dev-caller-key';

/** The variable every service verifies caller tokens with. */
export const callerTokenSettings = {
  /** the gateway's Ed25519 public key in PEM; required in production */
  CALLER_TOKEN_PUBLIC_KEY: env.string(''),
};

/** A loaded service config with its caller-token key resolved: throws a ConfigError naming the variable. */
export function withCallerTokenKey<C extends { NODE_ENV: string; CALLER_TOKEN_PUBLIC_KEY: string }>(
  config: C,
): C & { callerTokenKey: KeyObject } {
  const key = callerTokenKey(
    'public',
    'CALLER_TOKEN_PUBLIC_KEY',
    config.CALLER_TOKEN_PUBLIC_KEY,
    config.NODE_ENV,
    DEV_CALLER_TOKEN_PUBLIC_KEY,
  );
  return { ...config, callerTokenKey: key };
}
