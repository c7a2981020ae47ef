import { type Caller } from '@parkledger/service-kit';
import pino from 'pino';
import { AuditError } from '../proofs/audit.errors';
import { TailHub } from './tail-hub';
import { type TailFilter } from './tail-request';
import { type TailOutput } from './tail-stream';
import { TailService } from './tail.service';
import { type TailRow, type TailSource } from './tail.repository';

/** The log in memory, counting its reads: what the hub and the catch-ups ask of it. */
class MemoryLog implements TailSource {
  readonly rows: TailRow[] = [];
  reads = { hub: 0, catchUp: 0 };

  append(...types: string[]): void {
    for (const type of types) {
      const position = this.rows.length;
      this.rows.push({
        position: String(position),
        leaf: Buffer.alloc(32, position),
        event_id: `00000000-0000-7000-8000-${String(position).padStart(12, '0')}`,
        event_type: `parkledger.${type}.v1`,
        aggregate_type: type.split('.')[0] ?? '',
        aggregate_id: `agg-${position % 2}`,
        aggregate_version: '1',
        occurred_at: '2026-12-01T00:00:00.000Z',
        correlation_id: null,
        topic: 'parkledger.parks.v1',
        partition: 0,
        offset: String(position),
        logged_at: new Date('2026-12-01T00:00:01.000Z'),
        value: Buffer.alloc(0),
      });
    }
  }

  lastPosition(): Promise<number> {
    return Promise.resolve(this.rows.length - 1);
  }

  after(after: number, limit: number, range?: { upto: number; filter: TailFilter }): Promise<TailRow[]> {
    if (range === undefined) this.reads.hub += 1;
    else this.reads.catchUp += 1;
    const { upto = Infinity, filter } = range ?? {};
    const found = this.rows.filter((row) => {
      const position = Number(row.position);
      if (position <= after || position > upto) return false;
      if (filter === undefined) return true;
      if (filter.types.size > 0 && !filter.types.has(row.event_type ?? '')) return false;
      return filter.aggregateId === undefined || row.aggregate_id === filter.aggregateId;
    });
    return Promise.resolve(found.slice(0, limit));
  }
}

class Collected implements TailOutput {
  readonly positions: string[] = [];
  opened: string | undefined;
  ended = false;
  constructor(public room = Infinity) {}
  ready = () => this.room > 0;
  send(message: { opened?: { after?: string }; entries?: { position?: string }[] }) {
    if (message.opened !== undefined) this.opened = message.opened.after;
    if (message.entries !== undefined) {
      this.positions.push(...message.entries.map((e) => e.position ?? ''));
      this.room -= 1;
    }
  }
  end = () => {
    this.ended = true;
  };
  fail = (error: unknown) => {
    throw error;
  };
}

const auditor: Caller = { subject: 'a', role: 'auditor', parkScope: [], fundScope: [], policyScope: [] };
/** Lets the promises of reads and sends settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the live tail: one reader for every stream', () => {
  let log: MemoryLog;
  let hub: TailHub;
  let tail: TailService;

  beforeEach(() => {
    log = new MemoryLog();
    hub = new TailHub(log, { pollMs: 60_000, pageSize: 4, logger: pino({ level: 'silent' }) });
    tail = new TailService(hub, log, { bound: 5, pageSize: 3 }, pino({ level: 'silent' }));
  });
  afterEach(() => hub.stop());

  it('reads each batch logged once, whatever the streams, and hands each the entries after its start', async () => {
    log.append('park.registered', 'park.updated');
    const outputs = Array.from({ length: 10 }, () => new Collected());
    for (const output of outputs) await tail.open(auditor, {}, output);
    await settle();
    expect(outputs.every((o) => o.opened === '1')).toBe(true);
    log.append('park.retired', 'park.moved', 'park.updated', 'park.registered', 'park.registered');
    hub.logged();
    hub.logged(); // a wake during a read reads again after it, not beside it
    await settle();
    for (const output of outputs) expect(output.positions).toEqual(['2', '3', '4', '5', '6']);
    expect(log.reads.hub).toBe(3); // pages of 4: entries 2..5, 6, then a read that found none
    expect(log.reads.catchUp).toBe(0);
  });

  it('catches up from a position in pages, filtered in the read, then goes live without a gap or a repeat', async () => {
    log.append(...Array.from({ length: 10 }, (_, n) => (n % 3 === 0 ? 'park.retired' : 'park.updated')));
    const everything = new Collected();
    await tail.open(auditor, {}, everything); // the hub starts at 9
    const retired = new Collected();
    await tail.open(auditor, { after: '0', type: ['parkledger.park.retired.v1'] }, retired);
    const resumed = new Collected();
    await tail.open(auditor, { after: '-1' }, resumed);
    log.append('park.retired', 'park.updated');
    hub.logged();
    await settle();
    expect(retired.positions).toEqual(['3', '6', '9', '10']);
    expect(resumed.positions).toEqual(Array.from({ length: 12 }, (_, n) => String(n)));
    expect(everything.positions).toEqual(['10', '11']);
  });

  it('refuses a caller who may not read the log, and a position past the log’s end, before anything is sent', async () => {
    log.append('park.registered');
    const output = new Collected();
    await expect(tail.open({ ...auditor, role: 'park-manager' }, {}, output)).rejects.toThrow(AuditError);
    const past = tail.open(auditor, { after: '1' }, output);
    await expect(past).rejects.toMatchObject({ fields: [{ field: 'after', rule: 'within-log' }] });
    expect(output.opened).toBeUndefined();
    expect(hub.openStreams).toBe(0);
  });

  it('lets a stream whose output stops taking entries fall back to the log, at its pace, and keeps the others live', async () => {
    const slow = new Collected(1); // takes one message, then no more until drained
    const fast = new Collected();
    const stream = await tail.open(auditor, {}, slow);
    await tail.open(auditor, {}, fast);
    log.append(...Array.from({ length: 12 }, () => 'park.updated'));
    hub.logged(); // pages of 4: 0..3 sent, 4..7 wait, 8..11 pass the bound of 5
    await settle();
    expect(slow.positions).toEqual(['0', '1', '2', '3']);
    expect(fast.positions).toHaveLength(12);
    expect(log.reads.catchUp).toBe(1); // one page read after 3, held until its output takes it
    slow.room = Infinity;
    stream.drained();
    await settle();
    expect(slow.positions).toEqual(Array.from({ length: 12 }, (_, n) => String(n)));
    expect(log.reads.catchUp).toBe(3); // pages of 3 after 3: 4..6, 7..9, 10..11
    log.append('park.retired');
    hub.logged();
    await settle();
    expect([slow.positions.length, fast.positions.length]).toEqual([13, 13]);
    expect(hub.openStreams).toBe(2);
  });

  it('reads nothing once its last stream closes, and starts again where the log ends then', async () => {
    const output = new Collected();
    const stream = await tail.open(auditor, {}, output);
    stream.close();
    expect(hub.openStreams).toBe(0);
    log.append('park.registered', 'park.registered');
    hub.logged();
    await settle();
    expect(log.reads.hub).toBe(0);
    const later = new Collected();
    await tail.open(auditor, {}, later);
    expect(later.opened).toBe('1');
  });

  it('finds by its poll what no ingest of its process said was logged (another replica’s)', async () => {
    const polling = new TailHub(log, { pollMs: 20, pageSize: 4, logger: pino({ level: 'silent' }) });
    const output = new Collected();
    await new TailService(polling, log, { bound: 5, pageSize: 3 }, pino({ level: 'silent' })).open(auditor, {}, output);
    log.append('park.registered');
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(output.positions).toEqual(['0']);
    } finally {
      polling.stop();
    }
  });
});
