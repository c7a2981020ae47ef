// Writes services/gateway/openapi.json from the compiled code: `npx nx run gateway:openapi`.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { currentOpenApi, formatOpenApi, OPENAPI_FILE } from './openapi-document';

void currentOpenApi().then((document) => {
  writeFileSync(OPENAPI_FILE, formatOpenApi(document));
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
});
