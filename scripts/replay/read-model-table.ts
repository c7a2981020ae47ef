import { type ReadModelTable } from '@parkledger/service-kit';
import { type Pool } from 'pg';
import { diffRows, type Row, type TableDiff } from './read-model-diff';

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The table's columns in their order; none when the schema has no such table. */
async function columnsOf(pool: Pool, schema: string, table: string): Promise<string[]> {
  const { rows } = await pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return rows.map((row) => row.column_name);
}

/** Every row of the table (those `where` selects), each column as text: exact for money and dates alike. */
async function rowsOf(pool: Pool, schema: string, spec: ReadModelTable, columns: readonly string[]): Promise<Row[]> {
  const list = columns.map((column) => `${ident(column)}::text AS ${ident(column)}`).join(', ');
  const where = spec.where === undefined ? '' : ` WHERE ${spec.where}`;
  const { rows } = await pool.query<Row>(`SELECT ${list} FROM ${ident(schema)}.${ident(spec.table)}${where}`);
  return rows;
}

/**
 * A read-model table of the live database against its rebuild, both in `schema`: every column but
 * those the table's declaration ignores, row by row by its key. A column only one side has (a
 * migration the other has not run) is a difference of its own, and the rows are compared on the
 * columns both have. The pools may be of two databases, or one.
 */
export async function compareTable(
  live: Pool,
  rebuilt: Pool,
  schema: string,
  spec: ReadModelTable,
): Promise<TableDiff> {
  const ignored = new Set(spec.ignore ?? []);
  const liveColumns = (await columnsOf(live, schema, spec.table)).filter((column) => !ignored.has(column));
  const rebuiltColumns = (await columnsOf(rebuilt, schema, spec.table)).filter((column) => !ignored.has(column));
  if (rebuiltColumns.length === 0) throw new Error(`the rebuild has no table ${schema}.${spec.table}`);
  const common = rebuiltColumns.filter((column) => liveColumns.includes(column));
  const compared = common.filter((column) => !spec.key.includes(column));
  const keyMissing = spec.key.filter((column) => !rebuiltColumns.includes(column));
  if (keyMissing.length > 0) {
    throw new Error(
      `${schema}.${spec.table} is declared with key ${spec.key.join(', ')} but has no ${keyMissing.join(', ')}`,
    );
  }
  return diffRows(
    `${schema}.${spec.table}`,
    spec.key,
    compared,
    liveColumns.length === 0 ? [] : await rowsOf(live, schema, spec, common),
    await rowsOf(rebuilt, schema, spec, liveColumns.length === 0 ? rebuiltColumns : common),
    {
      onlyLive: liveColumns.filter((column) => !rebuiltColumns.includes(column)),
      onlyRebuilt: rebuiltColumns.filter((column) => !liveColumns.includes(column)),
    },
  );
}
