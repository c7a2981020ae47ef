import { createServer, type Server } from 'node:http';
import { freePort } from './ports';

/** A span as OTLP/JSON carries it, with the name of the service that sent it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer */
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'service' | 'attributes' | 'parentSpanId'> & {
        parentSpanId?: string;
        attributes?: OtlpAttribute[];
      })[];
    }[];
  }[];
}

const valueOf = (value: OtlpValue): unknown =>
  value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
const attributesOf = (attributes: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, valueOf(value)]));

/**
 * An OTLP/HTTP receiver of traces in JSON (what @opentelemetry/exporter-trace-otlp-http sends), as a
 * collector would take them: the services export to it over HTTP, and a test reads what came. The
 * benchmark's sink keeps none (`keep: false`): it only counts them, by service.
 */
export class OtlpReceiver {
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    /** every span received, in the order it came (none when started with `keep: false`) */
    readonly spans: readonly ReceivedSpan[],
    /** how many spans each service sent */
    readonly counts: ReadonlyMap<string, number>,
  ) {}

  static async start({ keep = true }: { keep?: boolean } = {}): Promise<OtlpReceiver> {
    const port = await freePort();
    const spans: ReceivedSpan[] = [];
    const counts = new Map<string, number>();
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url !== '/v1/traces' || !/json/.test(request.headers['content-type'] ?? '')) {
          response.writeHead(415).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resource of body.resourceSpans ?? []) {
          const service = String(attributesOf(resource.resource?.attributes)['service.name']);
          for (const scope of resource.scopeSpans ?? []) {
            counts.set(service, (counts.get(service) ?? 0) + (scope.spans?.length ?? 0));
            if (!keep) continue;
            for (const span of scope.spans ?? []) {
              spans.push({
                ...span,
                service,
                parentSpanId: span.parentSpanId ?? '',
                attributes: attributesOf(span.attributes),
              });
            }
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
    return new OtlpReceiver(server, `http://127.0.0.1:${port}`, spans, counts);
  }

  /** How many spans came, from every service. */
  get received(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  /** The spans of one trace received so far. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async stop(): Promise<void> {
    await new Promise((closed) => this.server.close(closed));
  }
}
