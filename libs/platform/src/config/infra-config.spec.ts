import { loadConfig } from './config';
import { runtimeSettings } from './infra-config';

describe('runtime settings', () => {
  const nodeEnv = (value: string | undefined) =>
    loadConfig(runtimeSettings, { HTTP_PORT: '1', NODE_ENV: value }).NODE_ENV;

  it('knows development and test only when they are named', () => {
    expect(nodeEnv('development')).toBe('development');
    expect(nodeEnv('test')).toBe('test');
  });

  it.each([[undefined], [''], ['production'], ['prod'], ['staging'], ['Development']])(
    'takes NODE_ENV=%p for production, never for a configuration error',
    (value) => {
      expect(nodeEnv(value)).toBe('production');
    },
  );
});
