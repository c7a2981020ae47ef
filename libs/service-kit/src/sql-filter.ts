import { type PageRequest } from './page';

/**
 * The ids of the parks in the subtrees under the roots in `param` (a uuid[] placeholder), from a
 * table of parks with id and parent_id (the registry's own, or a read model of it).
 */
export const subtreeIds = (param: string, table = 'parks'): string =>
  `(WITH RECURSIVE scope AS (
      SELECT id, 0 AS depth FROM ${table} WHERE id = ANY(${param}::uuid[])
      UNION ALL SELECT p.id, scope.depth + 1 FROM ${table} p JOIN scope ON p.parent_id = scope.id WHERE scope.depth < 64
    ) SELECT id FROM scope)`;

/** Builds a WHERE clause and its parameters for a list query, ordered and paged by id. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** `clause` receives the placeholder of `value`, e.g. (p) => `kind = ${p}`. */
  where(clause: (placeholder: string) => string, value: unknown): this {
    this.params.push(value);
    this.clauses.push(clause(`$${this.params.length}`));
    return this;
  }

  whereIf(condition: boolean, clause: string): this {
    if (condition) this.clauses.push(clause);
    return this;
  }

  /** WHERE ... ORDER BY id LIMIT n + 1 (one more than the page, to know whether another follows). */
  page(page: PageRequest): string {
    if (page.after !== undefined) this.where((p) => `id > ${p}`, page.after);
    this.params.push(page.limit + 1);
    const where = this.clauses.length > 0 ? `WHERE ${this.clauses.join(' AND ')}` : '';
    return `${where} ORDER BY id LIMIT $${this.params.length}`;
  }
}
