import { type OpenAPIObject } from '@nestjs/swagger';
import { createLogger } from '@parkledger/platform';
import { loadGatewayConfig } from '../config/gateway.config';
import { createGatewayApp } from '../http-app';
import { buildOpenApi } from './openapi';

/** The committed spec, for review: services/gateway/openapi.json. */
export const OPENAPI_FILE = `${__dirname}/../../openapi.json`;

/** Builds the spec from the code, without connecting to anything. */
export async function currentOpenApi(): Promise<OpenAPIObject> {
  const config = loadGatewayConfig({
    NODE_ENV: 'test',
    HTTP_PORT: '1',
    KAFKA_CLIENT_ID: 'spec',
  });
  const app = await createGatewayApp(config, createLogger('gateway', 'silent'));
  try {
    return buildOpenApi(app);
  } finally {
    await app.close();
  }
}

export const formatOpenApi = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;
