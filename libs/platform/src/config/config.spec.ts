import { ConfigError, env, loadConfig, requiredVariables } from './config';

describe('loadConfig', () => {
  const spec = {
    PORT: env.int({ min: 1, max: 65535 }),
    MODE: env.oneOf(['a', 'b'] as const, 'a'),
    NAME: env.string(),
    BROKERS: env.list(['x:1']),
  };

  it('parses a complete environment into typed values', () => {
    const config = loadConfig(spec, { PORT: '8080', MODE: 'b', NAME: 'gateway', BROKERS: 'h1:9092, h2:9092' });
    expect(config).toEqual({ PORT: 8080, MODE: 'b', NAME: 'gateway', BROKERS: ['h1:9092', 'h2:9092'] });
  });

  it('uses defaults for optional settings', () => {
    expect(loadConfig(spec, { PORT: '1', NAME: 'n' })).toEqual({ PORT: 1, MODE: 'a', NAME: 'n', BROKERS: ['x:1'] });
  });

  it('names every missing and bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig(spec, { PORT: '99999', MODE: 'c' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'PORT must be an integer between 1 and 65535, got "99999"',
      'MODE must be one of a, b, got "c"',
      'NAME is required',
    ]);
  });

  it('takes an http or https URL, or nothing, where a URL is expected', () => {
    const urls = { OTLP: env.httpUrl('') };
    expect(loadConfig(urls, {})).toEqual({ OTLP: '' });
    expect(loadConfig(urls, { OTLP: 'http://collector:4318' })).toEqual({ OTLP: 'http://collector:4318' });
    expect(() => loadConfig(urls, { OTLP: 'collector:4318' })).toThrow(
      'OTLP must be an http or https URL, got "collector:4318"',
    );
  });

  it('lists the variables that have no default', () => {
    expect(requiredVariables(spec)).toEqual(['PORT', 'NAME']);
  });
});
