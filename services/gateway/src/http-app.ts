import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  correlationMiddleware,
  httpSpanMiddleware,
  NestPinoLogger,
  ProblemJsonFilter,
  requestLogMiddleware,
} from '@parkledger/platform';
import { type Logger } from 'pino';
import { AppModule } from './app.module';
import { serveAsyncApi } from './asyncapi/asyncapi';
import { type GatewayConfig } from './config/gateway.config';
import { bodyErrors, jsonBody, jsonOnly } from './http/body';
import { documentedRoutes } from './http/documented-routes';
import { RawInputPipe } from './http/raw-input.pipe';
import { strictValidation } from './http/validation';
import { buildOpenApi, serveOpenApi } from './openapi/openapi';

/** The gateway's HTTP application, configured but not yet listening. */
export async function createGatewayApp(config: GatewayConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config, logger), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(httpSpanMiddleware);
  app.use(correlationMiddleware);
  app.use(requestLogMiddleware(logger));
  app.use(jsonOnly);
  // an import of up to 1,000 entries may be larger than any other body; parsed here, the next parser leaves it be
  app.use('/api/v1/funds/:id/journal-imports', jsonBody(config.IMPORT_BODY_LIMIT_BYTES));
  app.use(jsonBody(config.BODY_LIMIT_BYTES));
  app.use(bodyErrors);
  if (config.CORS_ORIGINS.length > 0) app.enableCors({ origin: config.CORS_ORIGINS });
  app.useGlobalPipes(new RawInputPipe(), strictValidation());
  app.useGlobalFilters(new ProblemJsonFilter());
  app.enableShutdownHooks();
  const document = buildOpenApi(app);
  app.use(documentedRoutes(document));
  serveOpenApi(app, document);
  serveAsyncApi(app);
  return app;
}
