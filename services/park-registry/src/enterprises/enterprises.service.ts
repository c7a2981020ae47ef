import {
  type Caller,
  FieldCheck,
  assertParkWriter,
  once,
  pageOf,
  pageRequest,
  seesAllParks,
} from '@parkledger/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import {
  INDUSTRY_FIELDS,
  type EnterpriseJson,
  type ListEnterprisesRequestJson,
  type ListEnterprisesResponseJson,
  type MoneyJson,
  type RegisterEnterpriseRequestJson,
  type UpdateEnterpriseRequestJson,
} from '@parkledger/contracts';
import { type Outbox } from '@parkledger/messaging';
import { ErrorKind, isUuid, Money, MoneyError, usccProblem, uuidv7 } from '@parkledger/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { REGISTRY_OUTBOX } from '../common/tokens';
import { EnterpriseError, EnterpriseErrorCode } from './enterprise.errors';
import { enterpriseJson, enterpriseMessage } from './enterprise-mapping';
import { EnterprisesRepository, type EnterpriseRow } from './enterprises.repository';

function checkCapital(check: FieldCheck, money: MoneyJson | undefined): Money | null {
  if (money === undefined || (money.currency ?? '') === '') return null;
  try {
    const value = Money.ofMinor(BigInt(money.minorUnits ?? '0'), money.currency ?? '');
    if (value.isNegative()) check.fail('registeredCapital', 'non-negative', 'registeredCapital cannot be negative');
    return value;
  } catch (error) {
    if (!(error instanceof MoneyError) && !(error instanceof SyntaxError)) throw error;
    check.fail('registeredCapital', 'money', `registeredCapital: ${error.message}`);
    return null;
  }
}

const notFound = (id: string) =>
  new EnterpriseError(EnterpriseErrorCode.NotFound, ErrorKind.NotFound, `no enterprise ${id}`);

/**
 * Enterprises, unique by USCC. Every role may read them; admins and park managers register them;
 * a park manager changes only those settled now in its subtrees.
 */
@Injectable()
export class EnterprisesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesRepository,
    @Inject(REGISTRY_OUTBOX) private readonly outbox: Outbox,
  ) {}

  async register(caller: Caller, request: RegisterEnterpriseRequestJson): Promise<EnterpriseJson> {
    assertParkWriter(caller, 'the park registry');
    const check = new FieldCheck(EnterpriseErrorCode.Invalid);
    const name = check.text('name', request.name);
    const uscc = request.uscc ?? '';
    const problem = usccProblem(uscc);
    if (problem !== undefined) check.fail('uscc', problem.rule, problem.message);
    const foundedOn = check.date('foundedOn', request.foundedOn, { required: false });
    const capital = checkCapital(check, request.registeredCapital);
    const fields = check.each('industryFields', request.industryFields, INDUSTRY_FIELDS);
    check.done();

    return once(this.dataSource, caller, async (tx) => {
      const existing = await this.enterprises.findByUscc(tx, uscc);
      if (existing !== undefined) throw this.usccTaken(uscc);
      const row: EnterpriseRow = {
        id: uuidv7(),
        name,
        uscc,
        founded_on: foundedOn,
        registered_capital_minor: capital === null ? null : capital.minor.toString(),
        registered_capital_currency: capital?.currency ?? null,
        industry_fields: fields,
        returnee_founded: request.returneeFounded === true,
        version: '1',
      };
      try {
        await this.enterprises.insert(tx, row);
      } catch (error) {
        // a concurrent registration of the same code won the race
        if ((error as { code?: string }).code === '23505') throw this.usccTaken(uscc);
        throw error;
      }
      await this.outbox.append(tx, [
        {
          type: 'parkledger.enterprise.registered.v1',
          aggregateId: row.id,
          aggregateVersion: 1,
          payload: { enterprise: enterpriseMessage(row) },
        },
      ]);
      return enterpriseJson(row);
    });
  }

  async get(caller: Caller, id: string): Promise<EnterpriseJson> {
    const row = isUuid(id) ? await this.enterprises.find(this.dataSource.manager, id) : undefined;
    if (row === undefined) throw notFound(id);
    return enterpriseJson(row);
  }

  async list(caller: Caller, request: ListEnterprisesRequestJson): Promise<ListEnterprisesResponseJson> {
    const page = pageRequest(request.page);
    const rows = await this.enterprises.list(
      this.dataSource.manager,
      {
        ...(request.nameContains ? { nameContains: request.nameContains } : {}),
        ...(request.uscc ? { uscc: request.uscc } : {}),
        ...(request.industryField ? { industryField: request.industryField } : {}),
        ...(request.returneeFounded === undefined ? {} : { returneeFounded: request.returneeFounded }),
      },
      page,
    );
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { enterprises: items.map(enterpriseJson), nextCursor };
  }

  async update(caller: Caller, request: UpdateEnterpriseRequestJson): Promise<EnterpriseJson> {
    assertParkWriter(caller, 'the park registry');
    const check = new FieldCheck(EnterpriseErrorCode.Invalid);
    const changes: Partial<EnterpriseRow> = {};
    if (request.name !== undefined) changes.name = check.text('name', request.name);
    if (request.registeredCapital !== undefined) {
      const capital = checkCapital(check, request.registeredCapital);
      changes.registered_capital_minor = capital === null ? null : capital.minor.toString();
      changes.registered_capital_currency = capital?.currency ?? null;
    }
    if (request.replaceIndustryFields === true) {
      changes.industry_fields = check.each('industryFields', request.industryFields, INDUSTRY_FIELDS);
    }
    if (request.returneeFounded !== undefined) changes.returnee_founded = request.returneeFounded;
    check.done();
    const id = request.id ?? '';
    return once(this.dataSource, caller, async (tx) => {
      const before = isUuid(id) ? await this.enterprises.find(tx, id, true) : undefined;
      if (before === undefined) throw notFound(id);
      await this.assertMayChange(tx, caller, before);
      const after: EnterpriseRow = { ...before, ...changes };
      const changed = (Object.keys(changes) as (keyof EnterpriseRow)[]).filter(
        (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
      );
      if (changed.length === 0) return enterpriseJson(before);
      after.version = String(BigInt(before.version) + 1n);
      await this.enterprises.update(tx, after);
      await this.outbox.append(tx, [
        {
          type: 'parkledger.enterprise.updated.v1',
          aggregateId: after.id,
          aggregateVersion: BigInt(after.version),
          payload: { enterprise: enterpriseMessage(after), changedFields: changed },
        },
      ]);
      return enterpriseJson(after);
    });
  }

  /**
   * Admins change any enterprise; a park manager only one settled now in its subtrees. Enterprises
   * are readable by everyone, so this is a 403 (not a 404), and it names no park.
   */
  private async assertMayChange(tx: EntityManager, caller: Caller, row: EnterpriseRow): Promise<void> {
    if (seesAllParks(caller)) return;
    if (await this.enterprises.settledWithin(tx, row.id, caller.parkScope)) return;
    throw new EnterpriseError(
      EnterpriseErrorCode.OutsideScope,
      ErrorKind.Forbidden,
      'a park manager changes only enterprises settled now in its own parks',
    );
  }

  private usccTaken(uscc: string): EnterpriseError {
    return new EnterpriseError(
      EnterpriseErrorCode.UsccTaken,
      ErrorKind.Conflict,
      `an enterprise with USCC ${uscc} is already registered`,
      [{ field: 'uscc', rule: 'unique', message: 'already registered' }],
    );
  }
}
