import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { REPLAYED_SERVICES } from '../replay/replayed-services';
import { asyncApiDocument, type ConsumingService } from './asyncapi-document';
import { type JsonSchema } from './protobuf-json-schema';
import { buildProtoRegistry } from './proto-source';

/** The services that consume events, as they declare their consumers (the list `npm run replay` reads). */
export const CONSUMING_SERVICES: readonly ConsumingService[] = REPLAYED_SERVICES;

/** The document from proto/, the event registry and the consumer lists, as it should be committed. */
export const currentAsyncApi = (): JsonSchema => asyncApiDocument(buildProtoRegistry(), CONSUMING_SERVICES);

export const formatAsyncApi = (document: JsonSchema): string => `${JSON.stringify(document, null, 2)}\n`;

const SEVERITIES: Record<DiagnosticSeverity, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** The parser's diagnostics the document may have, each with why. */
export const ALLOWED_DIAGNOSTICS: Readonly<Record<string, string>> = {
  'asyncapi-latest-version':
    'an information that AsyncAPI 3.1.0 is out: the document is 3.0.0 on purpose, and moving to a newer version is a choice, not a fault',
};

/**
 * What the AsyncAPI parser says of a document, every diagnostic one line (severity, rule, path,
 * message), and those that are not allowed: any error, warning, information or hint that
 * ALLOWED_DIAGNOSTICS does not name (an error always).
 */
export async function validateAsyncApi(text: string): Promise<{ lines: string[]; refused: string[]; parsed: boolean }> {
  const { document, diagnostics } = await new Parser().parse(text);
  const line = (d: (typeof diagnostics)[number]): string =>
    `${SEVERITIES[d.severity]} ${String(d.code)} at /${d.path.join('/')}: ${d.message}`;
  const refused = diagnostics.filter(
    (d) => SEVERITIES[d.severity] === 'error' || ALLOWED_DIAGNOSTICS[String(d.code)] === undefined,
  );
  return { lines: diagnostics.map(line), refused: refused.map(line), parsed: document !== undefined };
}
