import { prepared, preparedName } from './prepared';

/** What the outbox and inbox need of a transaction: pg's PoolClient and TypeORM's EntityManager both fit. */
export interface SqlExecutor {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** A statement that changes data, and its parameters ($1, $2, ...). */
export interface Statement {
  text: string;
  params: unknown[];
}

/** An Outbox's statement: it inserts into a schema's outbox table. */
const OUTBOX_INSERT = /^\s*INSERT INTO "[a-z_][a-z0-9_]*"\.outbox\b/i;

/**
 * Several INSERT, UPDATE or DELETE statements as one, so they cost one round trip: each becomes a
 * data-modifying WITH query, its placeholders renumbered (so no statement may hold "$" and a digit
 * in a literal). They all see one snapshot: none may read what another of them writes (each sees
 * what the transaction wrote before), and no two may change the same row. At most one may append
 * to an outbox: its events' rows must be numbered in their order. Made only of statements chosen to
 * be prepared, it is chosen too: its text is the same whenever they are.
 */
export function asOneStatement(statements: readonly Statement[]): Statement {
  for (const { text, params } of statements) {
    if (!/^\s*(INSERT|UPDATE|DELETE)\b/i.test(text) || text.trimEnd().endsWith(';'))
      throw new Error(`not one INSERT, UPDATE or DELETE: ${text.slice(0, 60)}`);
    const highest = Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
    if (highest > params.length) throw new Error(`$${highest} but ${params.length} parameters: ${text.slice(0, 60)}`);
  }
  if (statements.length === 0) throw new Error('no statements');
  // The WITH queries run in no set order, so two outbox inserts could number their rows (the relay's
  // publishing order) against the order of the events' versions.
  if (statements.filter(({ text }) => OUTBOX_INSERT.test(text)).length > 1) {
    throw new Error('two outbox statements in one: append every event in one outbox statement, in version order');
  }
  if (statements.length === 1 && statements[0] !== undefined) return statements[0];
  const params: unknown[] = [];
  const parts = statements.map((statement, i) => {
    const offset = params.length;
    params.push(...statement.params);
    return `w${i} AS (${statement.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  const text = `WITH ${parts.join(',\n')}\nSELECT 1`;
  return {
    text: statements.every((statement) => preparedName(statement.text) !== undefined) ? prepared(text) : text,
    params,
  };
}

/** Quotes a schema or table name after checking it is a plain identifier. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain SQL identifier: "${name}"`);
  return `"${name}"`;
}

/**
 * Errors that say the database or the network failed, not the data: retry them for as long as it
 * takes, and never count them against an event's retry budget.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^(08|57P|53)/.test(code)) return true; // connection exception, operator intervention, resources
    if (code === '40001' || code === '40P01') return true; // serialization failure, deadlock
    if (/^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)$/.test(code)) return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with jitter: 100 ms, 200 ms, ... up to maxMs. */
export function backoffMs(attempt: number, maxMs = 5000): number {
  const base = Math.min(maxMs, 100 * 2 ** Math.min(attempt, 16));
  return Math.round(base / 2 + Math.random() * (base / 2));
}
