/**
 * The log's statements are short reads and writes by index. Costed on the statistics of a log that
 * has just taken in a backlog (not yet analysed), a page of entries was planned at ~760,000 and
 * JIT-compiled: ~100 ms of Postgres CPU for a query that runs in 6.
 */
export const NO_JIT = 'SET LOCAL jit = off';
