import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unusedResultsName } from './results-file';

describe('unusedResultsName', () => {
  it("names a run after its day, and a later run of the same day after the first's, never over it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    expect(unusedResultsName(dir, '2026-12-02')).toBe('2026-12-02');
    writeFileSync(join(dir, '2026-12-02.json'), '{}');
    expect(unusedResultsName(dir, '2026-12-02')).toBe('2026-12-02-2');
    writeFileSync(join(dir, '2026-12-02-2.md'), ''); // either file takes the name
    expect(unusedResultsName(dir, '2026-12-02')).toBe('2026-12-02-3');
    expect(unusedResultsName(dir, '2026-12-02-funds')).toBe('2026-12-02-funds');
  });
});
