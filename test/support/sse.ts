import { type IncomingHttpHeaders, request, type ClientRequest, type IncomingMessage } from 'node:http';

/** An event of a text/event-stream as a client parses it, with when its last bytes arrived (ms, epoch). */
export interface ReceivedEvent {
  id?: string;
  event: string;
  data: string;
  receivedAt: number;
}

/** A stream opened through the gateway: its answer, and its events as they come. */
export interface OpenedStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** the body of an answer that is not a stream (a problem) */
  body: string;
  events: ReceivedEvent[];
  /** the comment lines, as sent */
  comments: string[];
  /** resolves when the server ends the response or the connection drops */
  ended: Promise<void>;
  /** stop reading: the bytes wait in the kernel's buffers, then the server's */
  pause(): void;
  resume(): void;
  /** hang up */
  close(): void;
  /** waits until `ready` holds of the events so far */
  until(what: string, ready: (events: ReceivedEvent[]) => boolean, ms?: number): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * Opens `path` of the gateway as a text/event-stream client would (GET, Accept: text/event-stream,
 * the bearer token and any Last-Event-ID), and parses its events as they arrive. `onEvent` sees each
 * one as it is parsed.
 */
export function openStream(
  base: string,
  path: string,
  options: {
    token?: string;
    lastEventId?: string;
    onEvent?: (event: ReceivedEvent) => void;
    /** false: hand each event to onEvent only, keeping none (a long stream's memory) */
    keep?: boolean;
  } = {},
): Promise<OpenedStream> {
  const url = new URL(`${base}${path}`);
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  return new Promise((resolve, reject) => {
    const sent: ClientRequest = request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers },
      (response) => resolve(parsed(response, () => sent.destroy(), options.onEvent, options.keep ?? true)),
    );
    sent.on('error', reject);
    sent.end();
  });
}

function parsed(
  response: IncomingMessage,
  hangUp: () => void,
  onEvent: ((event: ReceivedEvent) => void) | undefined,
  keep: boolean,
): OpenedStream {
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  let body = '';
  let pending = '';
  const stream = response.headers['content-type']?.startsWith('text/event-stream') === true;
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    if (!stream) {
      body += chunk;
      return;
    }
    const at = now();
    pending += chunk;
    let end = pending.indexOf('\n\n');
    while (end >= 0) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      end = pending.indexOf('\n\n');
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        fields[name] = name === 'data' && fields.data !== undefined ? `${fields.data}\n${value}` : value;
      }
      if (fields.data === undefined) continue;
      const event: ReceivedEvent = {
        ...(fields.id === undefined ? {} : { id: fields.id }),
        event: fields.event ?? 'message',
        data: fields.data,
        receivedAt: at,
      };
      if (keep) events.push(event);
      onEvent?.(event);
    }
  });
  const ended = new Promise<void>((resolve) => {
    response.on('end', resolve);
    response.on('close', resolve);
    response.on('error', () => resolve());
  });
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    get body() {
      return body;
    },
    events,
    comments,
    ended,
    pause: () => response.pause(),
    resume: () => response.resume(),
    close: hangUp,
    async until(what, ready, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!ready(events)) {
        if (Date.now() > deadline) {
          throw new Error(`timed out after ${ms} ms waiting for ${what}; had ${events.length} events`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
