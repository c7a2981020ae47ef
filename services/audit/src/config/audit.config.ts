import { ConfigError, env, loadConfig } from '@parkledger/platform';
import { serviceSettings, withCallerTokenKey } from '@parkledger/service-kit';
import { NoteError, parseSignerKey, type SignerKey } from '@parkledger/tlog';

export const auditSettings = {
  ...serviceSettings,
  HTTP_HOST: env.string('127.0.0.1'),
  GRPC_URL: env.string('127.0.0.1:50055'),
  KAFKA_TOPIC_PREFIX: env.string(''),
  KAFKA_GROUP_PREFIX: env.string(''),
  /** the log's name, the first line of its checkpoints and its key's name: a schema-less URL */
  AUDIT_ORIGIN: env.string('parkledger.local/audit'),
  /**
   * The Ed25519 key checkpoints are signed with (PRIVATE+KEY+<origin>+<id>+<key>), in every mode:
   * `npm start` generates one into the state directory once; production passes its own secret.
   */
  AUDIT_SIGNING_KEY: env.string(),
  /** a checkpoint every this many events, or ... */
  AUDIT_CHECKPOINT_EVERY: env.int({ min: 1, max: 1_000_000, default: 1000 }),
  /** ... this many seconds after the last, when events came since, whichever is first */
  AUDIT_CHECKPOINT_SECONDS: env.int({ min: 1, max: 86_400, default: 10 }),
  /** entries a live tail may hold that its caller has not taken; past it, the tail is cut */
  AUDIT_TAIL_BUFFER: env.int({ min: 1, max: 100_000, default: 1000 }),
  /** how often the log is read for new entries when no ingest of this process said so (another replica's) */
  AUDIT_TAIL_POLL_MS: env.int({ min: 50, max: 60_000, default: 1000 }),
};

export type AuditConfig = ReturnType<typeof loadAuditConfig>;

/** The config, the signing key parsed and checked against the origin (a ConfigError names what is wrong). */
export function loadAuditConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = withCallerTokenKey(loadConfig(auditSettings, source));
  let signer: SignerKey;
  try {
    signer = parseSignerKey(config.AUDIT_SIGNING_KEY);
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    throw new ConfigError([`AUDIT_SIGNING_KEY is not a signer key: ${error.message}`]);
  }
  if (signer.verifier.name !== config.AUDIT_ORIGIN) {
    throw new ConfigError([
      `AUDIT_SIGNING_KEY is named ${signer.verifier.name}, and checkpoints are signed by their origin, AUDIT_ORIGIN=${config.AUDIT_ORIGIN}`,
    ]);
  }
  return { ...config, signer };
}

export const SCHEMA = 'audit';
