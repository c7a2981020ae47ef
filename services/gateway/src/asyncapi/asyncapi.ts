import { readFileSync } from 'node:fs';
import { type INestApplication } from '@nestjs/common';
import { ASYNCAPI_FILE } from '@parkledger/contracts';
import { type Request, type Response } from 'express';

/**
 * The AsyncAPI document of the events (libs/contracts/asyncapi.json, generated from proto/ and the
 * event registry) at /asyncapi.json: public, as /openapi.json is, on the HTTP server itself, outside
 * the API's guards. It is read once, so a missing or broken file stops the start.
 */
export function serveAsyncApi(app: INestApplication, file = ASYNCAPI_FILE): void {
  const text = readFileSync(file, 'utf8');
  JSON.parse(text);
  app.getHttpAdapter().get('/asyncapi.json', (_request: Request, response: Response) => {
    response.type('application/json').send(text);
  });
}
