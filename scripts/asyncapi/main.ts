// The event contracts for consumers: `generate` writes libs/contracts/asyncapi.json from proto/, the
// event registry and the services' consumer lists; `check` fails when the committed file has drifted
// from them, or when the AsyncAPI parser finds anything in it that ALLOWED_DIAGNOSTICS does not allow.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ASYNCAPI_FILE } from '@parkledger/contracts';
import { currentAsyncApi, formatAsyncApi, validateAsyncApi } from './asyncapi-file';

async function main(command: string | undefined): Promise<void> {
  const file = relative(process.cwd(), ASYNCAPI_FILE);
  const text = formatAsyncApi(currentAsyncApi());
  if (command === 'generate') {
    writeFileSync(ASYNCAPI_FILE, text);
    process.stdout.write(`asyncapi: wrote ${file}\n`);
  } else if (command === 'check') {
    if (readFileSync(ASYNCAPI_FILE, 'utf8') !== text) {
      process.stderr.write(
        `asyncapi: ${file} has drifted from proto/ and the event registry (run npm run asyncapi:gen)\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`asyncapi: ${file} matches proto/, the event registry and the consumer lists\n`);
  } else {
    process.stderr.write('usage: tsx scripts/asyncapi/main.ts generate|check\n');
    process.exit(2);
  }
  const { lines, refused, parsed } = await validateAsyncApi(text);
  for (const line of lines) process.stdout.write(`asyncapi: parser: ${line}\n`);
  if (!parsed || refused.length > 0) {
    process.stderr.write(`asyncapi: the parser refuses ${file}: ${refused.length} diagnostics not allowed\n`);
    process.exit(1);
  }
  process.stdout.write(
    `asyncapi: the parser validates ${file} (${lines.length} diagnostics, each allowed in ALLOWED_DIAGNOSTICS)\n`,
  );
}

void main(process.argv[2]);
