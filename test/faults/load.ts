import { sleep } from '@parkledger/messaging';
import { demoUscc } from '../../scripts/demo/demo-uscc';
import { type WriteKind, type WriteRecord } from './checker';
import { type Seeded } from './seeded';

export const SIGNED_ON = '2026-03-01';
/** each fee the load charges; the fault fund's cash holds FEE_CASH / FEE of them */
export const FEE = '1000.00';
export const FEE_CASH = '15000.00';
/** the other fund's cash: more than any run's fees take */
export const FUNDED_CASH = '1000000000.00';
/** the award date of the load's milestones and applications */
export const AWARD_ON = '2026-03-01';
/** each award of the fault policy; its caps and budget hold a run's worth of them, the last cut or refused */
export const AWARD = '50000.00';
export const AWARD_CAP = '600000.00';
export const AWARD_BUDGET = '1000000.00';

/**
 * The fault suite's policy, covering the run's root park: item m is granted by each GCP discipline
 * milestone, item a is applied for and granted by review; each capped per enterprise and year, and
 * both under a yearly budget smaller than their caps together, so grants race for the last of it.
 */
export function faultPolicy(key: string, parkId: string): object {
  const title = { zh: '故障测试', en: 'Fault suite' };
  const limits = [{ kind: 'cap', per: ['enterprise', 'year'], amount: AWARD_CAP }];
  return {
    policy: key,
    title,
    effectiveFrom: '2026-01-01',
    currency: 'CNY',
    parks: [parkId],
    budgetPerYear: AWARD_BUDGET,
    items: [
      {
        id: 'm',
        title,
        facts: { discipline: 'text' },
        rule: { kind: 'fixed', amount: AWARD },
        trigger: { milestone: 'gcp-discipline', mode: 'grant' },
        limits: [...limits, { kind: 'count', per: ['enterprise', 'discipline'], max: 1 }],
      },
      { id: 'a', title, facts: { project: 'text' }, rule: { kind: 'fixed', amount: AWARD }, limits },
    ],
  };
}

export interface LoadOptions {
  base: string;
  token: string;
  /** writes started per second, all clients together */
  rate: number;
  clients: number;
  seeded: Seeded;
  /** makes names unique to this run */
  runTag: string;
  rootParkId: string;
  /** parks the pipeline already knows, for projects */
  projectParkIds: string[];
  enterpriseId: string;
  /** half the fees go to a fund with a little cash (they race for it, the last are refused), half to one that never runs out */
  fundIds: { racing: string; funded: string };
  /** the fault policy's key; enterpriseId is settled in a park it covers */
  policy: string;
  /** a write that got no 2xx by then counts as refused */
  giveUpAfterMs: number;
}

interface Write {
  n: number;
  kind: WriteKind;
  identity: string;
  path: string;
  body: object;
}

/** Responses a client retries with the same key: the system could not answer, or not yet. */
function retryable(status: number, code: unknown): boolean {
  return (
    status >= 500 ||
    status === 429 ||
    (status === 409 && (code === 'idempotency-key-in-progress' || code === 'award-busy'))
  );
}

/**
 * Writes through the gateway at a steady rate, as careful clients do: each write has its own
 * Idempotency-Key and is retried with it, with backoff, until a definite answer or the deadline.
 * Every outcome is recorded under the fault window it started in.
 */
export class Load {
  /** the window new writes are recorded under */
  label = 'setup';
  readonly writes: WriteRecord[] = [];
  private readonly signable: string[] = [];
  /** applications recorded and not yet sent for a grant */
  private readonly grantable: string[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  private nextSlot = 0;
  private count = 0;

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.running = true;
    this.nextSlot = Date.now();
    this.workers = Array.from({ length: this.options.clients }, () => this.work());
  }

  /** Stops starting writes and waits for those under way to finish. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const slot = this.nextSlot;
      this.nextSlot = Math.max(this.nextSlot, Date.now()) + 1000 / this.options.rate;
      if (slot > Date.now()) await sleep(slot - Date.now());
      if (!this.running) return;
      await this.send(this.nextWrite());
    }
  }

  private nextWrite(): Write {
    const { seeded, runTag } = this.options;
    const n = ++this.count;
    const roll = seeded.next();
    if (roll >= 0.75) return this.awardWrite(n, roll);
    if (roll < 0.15 && this.signable.length > 0) {
      const projectId = this.signable.splice(seeded.between(0, this.signable.length - 1), 1)[0] as string;
      return {
        n,
        kind: 'sign',
        identity: projectId,
        path: `/api/v1/projects/${projectId}/stage`,
        body: { stage: 'SIGNED', effectiveOn: SIGNED_ON },
      };
    }
    if (roll < 0.4) {
      const nameEn = `Fault ${runTag} park ${n}`;
      return {
        n,
        kind: 'park',
        identity: nameEn,
        path: '/api/v1/parks',
        body: { parentId: this.options.rootParkId, kind: 'park', nameZh: `故障园区${runTag}-${n}`, nameEn },
      };
    }
    if (roll < 0.5) {
      const name = `Fault ${runTag} enterprise ${n}`;
      return {
        n,
        kind: 'enterprise',
        identity: name,
        path: '/api/v1/enterprises',
        body: { name, uscc: demoUscc(`faults:${runTag}:${n}`, '370100') },
      };
    }
    if (roll < 0.65) {
      const memo = `Fault ${runTag} fee ${n}`;
      return {
        n,
        kind: 'fee',
        identity: memo,
        path: `/api/v1/funds/${roll < 0.575 ? this.options.fundIds.racing : this.options.fundIds.funded}/fees`,
        body: { amount: { amount: FEE, currency: 'CNY' }, effectiveOn: '2026-02-01', memo },
      };
    }
    const nameEn = `Fault ${runTag} project ${n}`;
    return {
      n,
      kind: 'project',
      identity: nameEn,
      path: '/api/v1/projects',
      body: {
        parkId: seeded.pick(this.options.projectParkIds),
        enterpriseId: this.options.enterpriseId,
        industryField: 'biological-medicine',
        nameZh: `故障项目${runTag}-${n}`,
        nameEn,
        plannedInvestment: { amount: '1000000.00', currency: 'CNY' },
        stage: 'LEAD',
        effectiveOn: '2026-01-05',
      },
    };
  }

  /** A milestone that grants item m, an application for item a, or the grant of one recorded. */
  private awardWrite(n: number, roll: number): Write {
    const { runTag, enterpriseId, policy } = this.options;
    if (roll < 0.85) {
      const discipline = `Fault ${runTag} discipline ${n}`;
      return {
        n,
        kind: 'milestone',
        identity: discipline,
        path: `/api/v1/enterprises/${enterpriseId}/milestones`,
        body: { kind: 'gcp-discipline', achievedOn: AWARD_ON, facts: { discipline } },
      };
    }
    if (roll < 0.92 || this.grantable.length === 0) {
      const project = `Fault ${runTag} application ${n}`;
      return {
        n,
        kind: 'application',
        identity: project,
        path: '/api/v1/applications',
        body: { policy, item: 'a', enterpriseId, awardOn: AWARD_ON, facts: { project } },
      };
    }
    const awardId = this.grantable.shift() as string;
    return {
      n,
      kind: 'grant',
      identity: awardId,
      path: `/api/v1/awards/${awardId}/review`,
      body: { decision: 'grant' },
    };
  }

  private async send(write: Write): Promise<void> {
    const record: WriteRecord = {
      label: this.label,
      kind: write.kind,
      key: `faults-${this.options.runTag}-${write.n}`,
      identity: write.identity,
      acked: false,
      status: 0,
      errors: 0,
    };
    this.writes.push(record);
    const deadline = Date.now() + this.options.giveUpAfterMs;
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.post(write, record.key);
      record.status = answer.status;
      if (answer.status >= 200 && answer.status < 300) {
        record.acked = true;
        record.entityId = typeof answer.body.id === 'string' ? answer.body.id : undefined;
        if (write.kind === 'project' && record.entityId !== undefined) this.signable.push(record.entityId);
        const award = answer.body.award as { id?: unknown } | undefined;
        if (write.kind === 'application' && typeof award?.id === 'string') this.grantable.push(award.id);
        return;
      }
      if (answer.status !== 0 && !retryable(answer.status, answer.body.code)) return; // a definite no
      record.errors += 1;
      if (Date.now() > deadline) return;
      await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
  }

  /** status 0: no answer (refused connection, reset, timeout) */
  private async post(write: Write, key: string): Promise<{ status: number; body: Record<string, unknown> }> {
    try {
      const response = await fetch(`${this.options.base}${write.path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(write.body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
    } catch {
      return { status: 0, body: {} };
    }
  }
}
