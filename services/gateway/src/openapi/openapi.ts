import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { describeProblems } from './problem-responses';
import { describeValidation } from './validation-rules';

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('parkledger')
    .setDescription(
      'The system of record for investment in industrial parks: parks, projects, guidance funds and incentive awards. ' +
        'Errors are application/problem+json (RFC 9457); money is {"amount": "<decimal string>", "currency": "CNY"}.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  describeValidation(app, document);
  describeProblems(document);
  return document;
}

/** Swagger UI at /docs and the spec at /openapi.json. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
}
