import { join } from 'node:path';

/**
 * The AsyncAPI document of the events, generated from proto/ and the event registry
 * (`npm run asyncapi:gen`): libs/contracts/asyncapi.json, found from src/ or dist/ alike.
 */
export const ASYNCAPI_FILE = join(__dirname, '..', 'asyncapi.json');
