import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { correlationMiddleware, NestPinoLogger, ProblemJsonFilter, requestLogMiddleware } from '@parkledger/platform';
import { type Logger } from 'pino';
import { AppModule } from './app.module';
import { type GatewayConfig } from './config/gateway.config';
import { buildOpenApi, serveOpenApi } from './openapi/openapi';

/** The gateway's HTTP application, configured but not yet listening. */
export async function createGatewayApp(config: GatewayConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config, logger), {
    logger: new NestPinoLogger(logger),
    bodyParser: true,
  });
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(correlationMiddleware);
  app.use(requestLogMiddleware(logger));
  app.useGlobalFilters(new ProblemJsonFilter());
  app.enableShutdownHooks();
  serveOpenApi(app, buildOpenApi(app));
  return app;
}
