import { decodeEvent, encodeEvent, type EventInit, type EventType } from '@parkledger/contracts';
import { mentionsOf } from './mentions';

const PROJECT = '01a20000-0000-7000-8000-000000000001';
const INVESTMENT = '01a20000-0000-7000-8000-000000000002';
const ENTRY = '01a20000-0000-7000-8000-000000000003';
const AWARD = '01a20000-0000-7000-8000-000000000004';

const decoded = <T extends EventType>(type: T, payload: EventInit<T>) => decodeEvent(type, encodeEvent(type, payload));

describe('what an event names for the histories', () => {
  it('names the project a fund invests in, the investment and its journal entry', () => {
    const made = decoded('parkledger.fund.investment-made.v1', {
      investment: { id: INVESTMENT, targetKind: 'project', targetId: PROJECT, entryId: ENTRY },
      entry: { id: ENTRY },
    });
    expect(mentionsOf(made)).toEqual([
      { type: 'investment', id: INVESTMENT },
      { type: 'project', id: PROJECT },
      { type: 'journal-entry', id: ENTRY },
    ]);
  });

  it('names no project for an investment in an enterprise', () => {
    const made = decoded('parkledger.fund.investment-made.v1', {
      investment: { id: INVESTMENT, targetKind: 'enterprise', targetId: PROJECT },
    });
    expect(mentionsOf(made)).toEqual([{ type: 'investment', id: INVESTMENT }]);
  });

  it.each([
    'parkledger.fund.investment-valued.v1',
    'parkledger.fund.exit-realised.v1',
    'parkledger.fund.investment-written-off.v1',
  ] as const)('names the investment of %s and its journal entry', (type) => {
    const event = decodeEvent(type, encodeEvent(type, { investmentId: INVESTMENT, entry: { id: ENTRY } }));
    expect(mentionsOf(event)).toEqual([
      { type: 'investment', id: INVESTMENT },
      { type: 'journal-entry', id: ENTRY },
    ]);
  });

  it('names the journal entry a reversal undoes', () => {
    const reversed = decoded('parkledger.fund.entry-reversed.v1', { reversedEntryId: ENTRY, entry: { id: AWARD } });
    expect(mentionsOf(reversed)).toEqual([{ type: 'journal-entry', id: ENTRY }]);
  });

  it.each([
    'parkledger.award.applied.v1',
    'parkledger.award.granted.v1',
    'parkledger.award.rejected.v1',
    'parkledger.award.paid.v1',
    'parkledger.award.revoked.v1',
    'parkledger.award.recaptured.v1',
  ] as const)('names the project %s supports, and none when it supports none', (type) => {
    const award = (projectId: string) => decodeEvent(type, encodeEvent(type, { award: { id: AWARD, projectId } }));
    expect(mentionsOf(award(PROJECT))).toEqual([{ type: 'project', id: PROJECT }]);
    expect(mentionsOf(award(''))).toEqual([]);
  });

  it('names the project a milestone belongs to', () => {
    const recorded = decoded('parkledger.enterprise.milestone-recorded.v1', { milestone: { projectId: PROJECT } });
    expect(mentionsOf(recorded)).toEqual([{ type: 'project', id: PROJECT }]);
  });

  it('keeps only canonical ids: a payload naming something else names nothing the log can find', () => {
    const odd = decoded('parkledger.award.granted.v1', { award: { projectId: PROJECT.toUpperCase() } });
    expect(mentionsOf(odd)).toEqual([]);
    expect(mentionsOf(decoded('parkledger.award.granted.v1', { award: { projectId: 'x'.repeat(10_000) } }))).toEqual(
      [],
    );
  });

  it('names nothing for a project’s own events: they are its history', () => {
    const signed = decoded('parkledger.project.signed.v1', { projectId: PROJECT });
    expect(mentionsOf(signed)).toEqual([]);
  });
});
