import 'reflect-metadata';
import { ConfigError, createLogger, initMetrics } from '@parkledger/platform';
import { loadGatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './http-app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`gateway: ${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger('gateway', config.LOG_LEVEL);
  initMetrics('gateway');
  const app = await createGatewayApp(config, logger);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ url: `http://${config.HTTP_HOST}:${config.HTTP_PORT}` }, 'gateway listening');
}

void main();
