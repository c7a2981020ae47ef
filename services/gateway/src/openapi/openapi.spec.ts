import { readFileSync } from 'node:fs';
import { currentOpenApi, formatOpenApi, OPENAPI_FILE } from './openapi-document';

describe('the committed OpenAPI spec', () => {
  it('matches the code (regenerate with `npx nx run gateway:openapi`)', async () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(formatOpenApi(await currentOpenApi())).toBe(committed);
  });
});
