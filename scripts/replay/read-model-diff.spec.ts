import { diffRows, differences, keyOf } from './read-model-diff';
import { type ReplayReport } from './replay';
import { formatReport } from './replay-report';

const park = (id: string, name: string, version = '1') => ({ id, name_en: name, removed: 'false', version });

describe('a read-model table against its rebuild', () => {
  it('finds nothing when the rows are the same, in any order', () => {
    const rows = [park('p1', 'Valley'), park('p2', 'Port'), park('p3', 'Town')];
    const diff = diffRows('s.known_parks', ['id'], ['name_en', 'removed', 'version'], rows, [...rows].reverse());
    expect(diff).toMatchObject({ live: 3, rebuilt: 3, onlyLive: 0, onlyRebuilt: 0, differing: 0 });
    expect(differences(diff)).toBe(0);
  });

  it('names the rows only on one side and the columns of a row that differs', () => {
    const live = [park('p1', 'Valley'), park('p2', 'Tampered', '2'), park('p4', 'Extra')];
    const rebuilt = [park('p1', 'Valley'), park('p2', 'Port', '2'), park('p3', 'Town')];
    const diff = diffRows('s.known_parks', ['id'], ['name_en', 'removed', 'version'], live, rebuilt);
    expect(diff).toMatchObject({ live: 3, rebuilt: 3, onlyLive: 1, onlyRebuilt: 1, differing: 1 });
    expect(diff.examples).toEqual({
      onlyLive: ['id=p4'],
      onlyRebuilt: ['id=p3'],
      differing: [{ key: 'id=p2', columns: [{ column: 'name_en', live: 'Tampered', rebuilt: 'Port' }] }],
    });
    expect(differences(diff)).toBe(3);
  });

  it('tells a null from a value, and compares only the columns it is given', () => {
    const live = [{ id: 'p1', retired_on: null, first_seen_at: '2026-01-01' }];
    const rebuilt = [{ id: 'p1', retired_on: '2025-06-30', first_seen_at: '2026-12-01' }];
    const diff = diffRows('s.known_parks', ['id'], ['retired_on'], live, rebuilt);
    expect(diff.examples.differing).toEqual([
      { key: 'id=p1', columns: [{ column: 'retired_on', live: null, rebuilt: '2025-06-30' }] },
    ]);
  });

  it('keys a row by every column of a composite key, and keeps only a few examples', () => {
    const money = (version: number) => ({ award_id: 'a1', award_version: String(version), amount_minor: '100' });
    const live = [1, 2, 3, 4, 5].map(money);
    const diff = diffRows('s.support_award_money', ['award_id', 'award_version'], ['amount_minor'], live, []);
    expect(diff.onlyLive).toBe(5);
    expect(diff.examples.onlyLive).toEqual([
      'award_id=a1, award_version=1',
      'award_id=a1, award_version=2',
      'award_id=a1, award_version=3',
    ]);
    expect(keyOf({ id: null }, ['id'])).toBe('id=null');
  });

  it('counts a column only one side has as a difference', () => {
    const diff = diffRows('s.known_parks', ['id'], [], [], [], { onlyLive: [], onlyRebuilt: ['retired_on'] });
    expect(differences(diff)).toBe(1);
  });
});

describe('the replay report', () => {
  const report = (liveName: string): ReplayReport => ({
    rebuiltIn: 'parkledger_replay_0a1b2c3d',
    kept: false,
    services: [
      {
        service: 'project-pipeline',
        replayed: [
          {
            consumer: 'project-pipeline.registry-read-model',
            tables: [
              diffRows(
                'project_pipeline.known_parks',
                ['id'],
                ['name_en'],
                [park('p1', liveName), park('p2', 'Port')],
                [park('p1', 'Valley'), park('p2', 'Port')],
              ),
            ],
          },
        ],
        notReplayed: [],
      },
      {
        service: 'policy-awards',
        replayed: [],
        notReplayed: [{ consumer: 'policy-awards.milestone-awards', why: 'its effects are new awards' }],
      },
    ],
    setAside: [],
  });

  it('gives rows live and rebuilt per table, each consumer not replayed and why, and a verdict', () => {
    const text = formatReport(report('Valley'));
    expect(text).toMatch(/project_pipeline\.known_parks\s+2\s+2\s+0\s+0\s+0\s+same/);
    expect(text).toContain('policy-awards.milestone-awards: not replayed: its effects are new awards');
    expect(text).toContain('database parkledger_replay_0a1b2c3d dropped');
    expect(text.split('\n').at(-1)).toBe('no differences: 1 tables, 2 rows live, the same rebuilt');
  });

  it('names the table and the row that differ', () => {
    const text = formatReport(report('Tampered'));
    expect(text).toMatch(/project_pipeline\.known_parks\s+2\s+2\s+0\s+0\s+1\s+DIFFERS/);
    expect(text).toContain('differs: id=p1: name_en live "Tampered", rebuilt "Valley"');
    expect(text.split('\n').at(-1)).toBe('1 of 1 tables differ: project_pipeline.known_parks');
  });
});
