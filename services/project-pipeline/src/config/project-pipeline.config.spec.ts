import { loadProjectPipelineConfig } from './project-pipeline.config';

const base = { HTTP_PORT: '3102', PG_USER: 'project_pipeline', PG_PASSWORD: 'x', KAFKA_CLIENT_ID: 'project-pipeline' };

describe('project pipeline config', () => {
  it('listens on 127.0.0.1 only unless told otherwise', () => {
    expect(loadProjectPipelineConfig({ ...base, NODE_ENV: 'development' })).toMatchObject({
      HTTP_HOST: '127.0.0.1',
      GRPC_URL: '127.0.0.1:50052',
    });
  });

  it('refuses to start in production without the gateway’s public key, naming CALLER_TOKEN_PUBLIC_KEY', () => {
    expect(() => loadProjectPipelineConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      'CALLER_TOKEN_PUBLIC_KEY is required in production',
    );
    expect(() =>
      loadProjectPipelineConfig({ ...base, NODE_ENV: 'production', CALLER_TOKEN_PUBLIC_KEY: 'not a key' }),
    ).toThrow('CALLER_TOKEN_PUBLIC_KEY must be an Ed25519 public key in PEM');
  });
});
