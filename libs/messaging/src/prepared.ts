import { Client } from 'pg';

/** Statements chosen to be prepared, by text, and each one's name. */
const names = new Map<string, string>();

/**
 * Prepared statements a process names at most: a connection keeps each one it ran, so a text made
 * anew each time (a list's length in it) must not grow them without end. Past it, a statement runs
 * unnamed, as any other.
 */
export const MOST_PREPARED = 200;

/**
 * Chooses a statement to run as a named prepared statement on the services' connections
 * ({@link PreparingClient}): parsed once a connection, not at every run. It returns the text, so a
 * statement is chosen where it is written. A statement with no parameters is planned once too; one
 * with parameters is planned for its values five times, then Postgres may keep a generic plan (when
 * its estimated cost is no higher), which for a lookup of a key or an insert is the plan it would
 * make anyway, but for `= ANY($1)` or a join to an array's rows is one that guesses the array's
 * length and can be many times slower. Choose only statements whose plan is the same for any value.
 */
export function prepared(text: string): string {
  if (!names.has(text) && names.size < MOST_PREPARED) names.set(text, `parkledger_${names.size + 1}`);
  return text;
}

/** The name a chosen statement is prepared under, or undefined for one that runs unnamed. */
export const preparedName = (text: string): string | undefined => names.get(text);

type Query = (this: Client, config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * pg's Client, running each statement chosen with {@link prepared} as a named prepared statement:
 * the pool's connections (pg's `Client` option), TypeORM's too (its `extra`), so a statement is
 * prepared whichever of the two runs it. Everything else goes through as it came.
 */
export class PreparingClient extends Client {}

(PreparingClient.prototype as unknown as { query: Query }).query = function (
  this: Client,
  config: unknown,
  values?: unknown,
  callback?: unknown,
): unknown {
  const name = typeof config === 'string' ? names.get(config) : undefined;
  if (name === undefined) return unnamed(this, config, values, callback);
  // query(text, callback) as well as query(text, values[, callback])
  const [params, done] = typeof values === 'function' ? [undefined, values] : [values, callback];
  return unnamed(this, { name, text: config, values: params }, done);
};

/** pg's own query, on `client`. */
function unnamed(client: Client, ...args: unknown[]): unknown {
  return (Client.prototype.query as Query).apply(client, args as Parameters<Query>);
}
