import { Injectable } from '@nestjs/common';
import {
  type PayAwardRequestJson,
  type PayAwardResponseJson,
  type RecaptureAwardRequestJson,
  type RecaptureAwardResponseJson,
  type RevokeAwardRequestJson,
  type RevokeAwardResponseJson,
} from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { FieldCheck, type Caller } from '@parkledger/service-kit';
import { type EntityManager } from 'typeorm';
import { show } from '../evaluation/evaluate';
import { parsePolicyDocument, type PolicyItem } from '../policies/policy-document';
import { PoliciesRepository } from '../policies/policies.repository';
import { awardJson, awardMessage } from './award-json';
import { AwardWrites } from './award-writes';
import { AwardError, AwardErrorCode } from './award.errors';
import { AwardsRepository, type AwardRow } from './awards.repository';
import { keysOf, yearOf } from './grant';
import { recaptureUsage, revokeUsage } from './usage';

/** After the grant: paid, or revoked before payment; a payment recaptured in part or in full. */
@Injectable()
export class AwardLifecycleService {
  constructor(
    private readonly writes: AwardWrites,
    private readonly awards: AwardsRepository,
    private readonly policies: PoliciesRepository,
  ) {}

  async pay(caller: Caller, request: PayAwardRequestJson): Promise<PayAwardResponseJson> {
    const check = new FieldCheck(AwardErrorCode.Invalid);
    const paidOn = check.date('paidOn', request.paidOn) ?? '';
    check.done();
    return this.writes.run(caller, request.id ?? '', ['granted'], ({ award, emit }) => {
      if (paidOn < award.award_on)
        throw invalid('paidOn', 'on-or-after-award', `paidOn is before the award date ${award.award_on}`);
      const paid = emit(
        { ...award, status: 'paid', paid: award.granted, paid_on: paidOn },
        'parkledger.award.paid.v1',
        (next) => ({
          award: awardMessage(awardJson(next)),
          amount: { minorUnits: BigInt(award.granted), currency: award.currency },
          paidOn,
        }),
      );
      return Promise.resolve({ award: awardJson(paid) });
    });
  }

  /** Withdraws a grant before payment: it frees its count, its share of every cap and of the year's budget. */
  async revoke(caller: Caller, request: RevokeAwardRequestJson): Promise<RevokeAwardResponseJson> {
    const reason = required('reason', request.reason, 'a revocation gives its reason');
    return this.writes.run(caller, request.id ?? '', ['granted'], async ({ tx, award, writes, emit }) => {
      const item = await this.itemOf(tx, award);
      const standing = BigInt(award.granted) - BigInt(award.recaptured);
      const usage = revokeUsage(item, keysOf(award), standing);
      await this.awards.lockUsage(tx, award.policy, award.item, yearOf(award), null, usage);
      writes.push(...this.awards.release(award.policy, award.item, yearOf(award), usage, standing));
      const revoked = emit({ ...award, status: 'revoked', reason }, 'parkledger.award.revoked.v1', (next) => ({
        award: awardMessage(awardJson(next)),
        amount: { minorUnits: standing, currency: award.currency },
        reason,
      }));
      return { award: awardJson(revoked) };
    });
  }

  /** Claws back part or all of a payment, never more than was paid less what was recaptured before; it frees that much of the caps and the budget. */
  async recapture(caller: Caller, request: RecaptureAwardRequestJson): Promise<RecaptureAwardResponseJson> {
    const check = new FieldCheck(AwardErrorCode.Invalid);
    const recapturedOn = check.date('recapturedOn', request.recapturedOn) ?? '';
    const reason = check.text('reason', request.reason, { max: 500 });
    const minor = /^\d{1,19}$/.test(request.amount?.minorUnits ?? '') ? BigInt(request.amount?.minorUnits ?? '0') : 0n;
    if (minor <= 0n) check.fail('amount', 'positive', 'amount must be more than 0');
    check.done();
    return this.writes.run(caller, request.id ?? '', ['paid'], async ({ tx, award, writes, emit }) => {
      const left = BigInt(award.paid) - BigInt(award.recaptured);
      if (request.amount?.currency !== award.currency)
        throw invalid('amount', 'currency', `the amount is in ${award.currency}`);
      if (minor > left) {
        throw invalid(
          'amount',
          'at-most-paid',
          `at most what was paid and not recaptured, ${show(left, award.currency)}, can be recaptured`,
        );
      }
      if (recapturedOn < award.award_on) {
        throw invalid('recapturedOn', 'on-or-after-award', `recapturedOn is before the award date ${award.award_on}`);
      }
      if (award.paid_on !== null && recapturedOn < award.paid_on) {
        throw invalid('recapturedOn', 'on-or-after-payment', `recapturedOn is before the payment on ${award.paid_on}`);
      }
      const item = await this.itemOf(tx, award);
      const usage = recaptureUsage(item, keysOf(award), minor);
      await this.awards.lockUsage(tx, award.policy, award.item, yearOf(award), null, usage);
      writes.push(...this.awards.release(award.policy, award.item, yearOf(award), usage, minor));
      const recaptured = emit(
        { ...award, recaptured: (BigInt(award.recaptured) + minor).toString() },
        'parkledger.award.recaptured.v1',
        (next) => ({
          award: awardMessage(awardJson(next)),
          amount: { minorUnits: minor, currency: award.currency },
          recapturedOn,
          reason,
        }),
      );
      return { award: awardJson(recaptured) };
    });
  }

  /** The item as the version the award was granted under has it. */
  private async itemOf(tx: EntityManager, award: AwardRow): Promise<PolicyItem> {
    const row = await this.policies.version(tx, award.policy, award.policy_version);
    const item =
      row === undefined ? undefined : parsePolicyDocument(row.document).items.find((i) => i.id === award.item);
    if (item === undefined)
      throw new Error(
        `award ${award.id}: version ${award.policy_version} of ${award.policy} has no item ${award.item}`,
      );
    return item;
  }
}

const invalid = (field: string, rule: string, message: string) =>
  new AwardError(AwardErrorCode.Invalid, ErrorKind.Invalid, message, [{ field, rule, message }]);

function required(field: string, value: string | undefined, message: string): string {
  if ((value ?? '').trim() === '') throw invalid(field, 'required', message);
  return value ?? '';
}
