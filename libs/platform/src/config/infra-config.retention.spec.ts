import { ConfigError, loadConfig } from './config';
import { MIN_INBOX_RETENTION_HOURS, retentionSettings, TOPIC_RETENTION_HOURS } from './infra-config';

describe('retention settings', () => {
  it('keeps inbox ids longer than a record can stay on its topic by default', () => {
    const config = loadConfig(retentionSettings, {});
    expect(config).toEqual({
      OUTBOX_RETENTION_HOURS: 168,
      INBOX_RETENTION_HOURS: MIN_INBOX_RETENTION_HOURS,
      IDEMPOTENCY_RETENTION_HOURS: 24,
    });
    expect(config.INBOX_RETENTION_HOURS).toBeGreaterThan(TOPIC_RETENTION_HOURS);
  });

  it('refuses an inbox retention shorter than the topics keep records, naming the variable', () => {
    expect(() => loadConfig(retentionSettings, { INBOX_RETENTION_HOURS: String(TOPIC_RETENTION_HOURS) })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig(retentionSettings, { INBOX_RETENTION_HOURS: '24' })).toThrow(
      `INBOX_RETENTION_HOURS must be an integer between ${MIN_INBOX_RETENTION_HOURS} and 87600, got "24"`,
    );
  });
});
