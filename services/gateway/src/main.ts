import 'reflect-metadata';
import { ConfigError, createLogger, initMetrics, startTracing } from '@parkledger/platform';
import { loadGatewayConfig, type GatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './http-app';

function config(): GatewayConfig {
  try {
    return loadGatewayConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`gateway: ${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const settings = config();
  const logger = createLogger('gateway', settings.LOG_LEVEL);
  await startTracing('gateway', settings.OTEL_EXPORTER_OTLP_ENDPOINT, logger);
  initMetrics('gateway');
  const app = await createGatewayApp(settings, logger);
  await app.listen(settings.HTTP_PORT, settings.HTTP_HOST);
  logger.info({ url: `http://${settings.HTTP_HOST}:${settings.HTTP_PORT}` }, 'gateway listening');
}

void main();
