import { type PoolClient } from 'pg';

/** A field of a row for COPY: text, a whole number, bytes (bytea), or null. */
export type CopyField = string | number | bigint | Buffer | null;

const TAB = 0x09;
const NEWLINE = 0x0a;
const NULL_FIELD = Buffer.from('\\N');
/** bytea's hex form, its backslash escaped for COPY: \\x */
const HEX_PREFIX = Buffer.from('\\\\x');
const HEX_DIGITS = Buffer.from('0123456789abcdef');
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Rows for `COPY ... FROM STDIN` in its text format (postgresql.org/docs/current/sql-copy.html):
 * Postgres takes a batch as one stream and parses each field with its column's input function, as
 * it would an INSERT's parameter, without the arrays an `INSERT ... SELECT FROM unnest` spells and
 * parses. The rows are written straight into one buffer: no string a field, nor one a row.
 */
export class CopyRows {
  private bytes: Buffer;
  private at = 0;
  private rows = 0;

  /** `expected`: the bytes the rows will likely take, so the buffer is rarely grown */
  constructor(expected = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(Math.max(1024, expected));
  }

  get size(): number {
    return this.rows;
  }

  add(fields: readonly CopyField[]): void {
    fields.forEach((field, n) => {
      if (n > 0) this.byte(TAB);
      this.field(field);
    });
    this.byte(NEWLINE);
    this.rows += 1;
  }

  data(): Buffer {
    return this.bytes.subarray(0, this.at);
  }

  private field(field: CopyField): void {
    if (field === null) {
      this.room(2);
      this.at += NULL_FIELD.copy(this.bytes, this.at);
    } else if (Buffer.isBuffer(field)) {
      this.room(3 + 2 * field.length);
      this.at += HEX_PREFIX.copy(this.bytes, this.at);
      // two hex digits a byte, straight into the buffer: no string of the value's hex to drop after
      const bytes = this.bytes;
      let at = this.at;
      for (let n = 0; n < field.length; n += 1) {
        const byte = field[n] as number;
        bytes[at] = HEX_DIGITS[byte >> 4] as number;
        bytes[at + 1] = HEX_DIGITS[byte & 0x0f] as number;
        at += 2;
      }
      this.at = at;
    } else if (typeof field === 'string') {
      const text = SPECIAL.test(field) ? field.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : field;
      this.room(3 * text.length);
      this.at += this.bytes.write(text, this.at);
    } else {
      const text = String(field);
      this.room(text.length);
      this.at += this.bytes.write(text, this.at, 'latin1');
    }
  }

  private byte(byte: number): void {
    this.room(1);
    this.bytes[this.at] = byte;
    this.at += 1;
  }

  /** At least `size` more bytes (UTF-8 takes at most 3 a UTF-16 code unit). */
  private room(size: number): void {
    if (this.at + size <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.at + size));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
  }
}

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY <target> FROM STDIN` of the rows, on the caller's client (its transaction), as a query
 * object node-postgres runs in its queue (its Submittable): the statement, then the rows as one
 * chunk of CopyData when the server asks for them. Answers the rows copied; a row Postgres refuses
 * fails the statement, and with it the transaction.
 */
export async function copyIn(tx: PoolClient, target: string, rows: CopyRows): Promise<number> {
  if (rows.size === 0) return 0;
  const data = rows.data();
  const copied = await new Promise<number>((resolve, reject) => {
    let count = 0;
    let settled = false;
    const settle = (error: unknown) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve(count);
      else reject(error instanceof Error ? error : new Error(`COPY ${target} failed`));
    };
    const submittable = {
      submit: (connection: CopyConnection) => connection.query(`COPY ${target} FROM STDIN`),
      handleCopyInResponse: (connection: CopyConnection) => {
        connection.sendCopyFromChunk(data);
        connection.endCopyFrom();
      },
      handleCommandComplete: (message: { text?: string }) => {
        count = Number(/COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
      },
      handleReadyForQuery: () => settle(undefined),
      handleError: (error: unknown) => settle(error),
      handleRowDescription: () => undefined,
      handleDataRow: () => undefined,
      handleEmptyQuery: () => undefined,
      handlePortalSuspended: () => undefined,
      handleCopyData: () => undefined,
    };
    // node-postgres runs an object with submit() as a query of its own (pg-cursor and pg-copy-streams do)
    (tx as unknown as { query(submittable: object): unknown }).query(submittable);
  });
  if (copied !== rows.size) throw new Error(`COPY ${target}: ${copied} rows copied of ${rows.size}`);
  return copied;
}
