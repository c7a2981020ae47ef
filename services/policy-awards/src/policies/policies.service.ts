import { Inject, Injectable } from '@nestjs/common';
import {
  isPolicyKey,
  moneyJson,
  type GetPolicyRequestJson,
  type GetPolicyResponseJson,
  type ListPoliciesRequestJson,
  type ListPoliciesResponseJson,
  type PolicyVersionJson,
  type PublishPolicyRequestJson,
  type PublishPolicyResponseJson,
} from '@parkledger/contracts';
import { type Outbox } from '@parkledger/messaging';
import { ErrorKind } from '@parkledger/platform';
import { once, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { AWARDS_OUTBOX } from '../config/tokens';
import { assertAwardWriter, assertPolicyReader, assertRunsPolicy } from '../awards/award-access';
import { AwardError, AwardErrorCode } from '../awards/award.errors';
import { parsePolicyDocument, type PolicyDocument } from './policy-document';
import { PolicyError, PolicyErrorCode } from './policy.errors';
import { PoliciesRepository, type PolicyVersionRow } from './policies.repository';
import { type Sql } from '../database/sql';

const MAX_DOCUMENT_BYTES = 256 * 1024;

/** Policies as versioned documents: published whole, read by version or by the date in force. */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PoliciesRepository,
    @Inject(AWARDS_OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** Publishes a new policy, or the next version of one; versions already published never change. */
  async publish(caller: Caller, request: PublishPolicyRequestJson): Promise<PublishPolicyResponseJson> {
    assertAwardWriter(caller);
    const document = parsePolicyDocument(documentJson(request.documentJson ?? ''));
    assertRunsPolicy(caller, document.policy);
    return once(this.dataSource, caller, async (tx, writes) => {
      const version = (await this.policies.take(tx, document.policy)) + 1;
      const publishedAt = new Date().toISOString();
      const json = JSON.parse(request.documentJson ?? '') as unknown;
      writes.push(...this.policies.publish(document.policy, version, document.effectiveFrom, json, publishedAt));
      const published = versionJson({
        policy: document.policy,
        version,
        effective_from: document.effectiveFrom,
        document: json as Record<string, unknown>,
        published_at: publishedAt,
      });
      writes.push(
        this.outbox.statement([
          {
            type: 'parkledger.policy.published.v1',
            aggregateId: document.policy,
            aggregateVersion: BigInt(version),
            payload: { version: publishedMessage(published, document) },
          },
        ]),
      );
      return { version: published };
    });
  }

  async get(caller: Caller, request: GetPolicyRequestJson): Promise<GetPolicyResponseJson> {
    assertPolicyReader(caller);
    const executor = this.dataSource.manager;
    const key = request.policy ?? '';
    const text = request.version ?? '0';
    const version = /^\d{1,9}$/.test(text) ? Number(text) : -1;
    if (version < 0) {
      throw new AwardError(
        AwardErrorCode.Invalid,
        ErrorKind.Invalid,
        'version must be a version number, or 0 for the latest',
        [{ field: 'version', rule: 'integer', message: 'a whole number from 0' }],
      );
    }
    const row = await this.policies.version(executor, key, version);
    if (row === undefined) throw policyNotFound(key, version);
    const history = await this.policies.history(executor, key);
    return { version: versionJson(row), history: history.map((v) => ({ ...versionJson(v), documentJson: '' })) };
  }

  async list(caller: Caller, request: ListPoliciesRequestJson): Promise<ListPoliciesResponseJson> {
    assertPolicyReader(caller);
    const limit = request.page?.limit ?? 0;
    const size = limit === 0 ? 50 : limit;
    if (!Number.isInteger(size) || size < 1 || size > 200) {
      throw new AwardError(AwardErrorCode.Invalid, ErrorKind.Invalid, 'limit must be between 1 and 200', [
        { field: 'limit', rule: 'range', message: '1..200' },
      ]);
    }
    const cursor = request.page?.cursor ?? '';
    const after = cursor === '' ? undefined : Buffer.from(cursor, 'base64url').toString();
    if (after !== undefined && !isPolicyKey(after)) {
      throw new AwardError(AwardErrorCode.Invalid, ErrorKind.Invalid, 'the cursor is not one this API gave out', [
        { field: 'cursor', rule: 'cursor', message: 'use next_cursor from the previous page' },
      ]);
    }
    const rows = await this.policies.latest(this.dataSource.manager, after, size + 1);
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return {
      policies: items.map((row) => ({ ...versionJson(row), documentJson: '' })),
      nextCursor: rows.length > size && last !== undefined ? Buffer.from(last.policy).toString('base64url') : '',
    };
  }

  /** The version of a policy in force on a date, read, or a 404 / 422 saying which is missing. */
  async inForce(executor: Sql, key: string, on: string): Promise<{ row: PolicyVersionRow; document: PolicyDocument }> {
    const row = await this.policies.inForce(executor, key, on);
    if (row === undefined) {
      const any = await this.policies.version(executor, key, 0);
      if (any === undefined) throw policyUnknown(key, 0, 'policy');
      const message = `no version of policy ${key} is in force on ${on}: the first takes effect on ${any.effective_from}`;
      throw new AwardError(AwardErrorCode.PolicyNotInForce, ErrorKind.Invalid, message, [
        { field: 'awardOn', rule: 'policy-in-force', message },
      ]);
    }
    return { row, document: parsePolicyDocument(row.document) };
  }
}

/** The request's document as JSON, or a 422 that says it isn't. */
export function documentJson(text: string): unknown {
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) {
    throw new PolicyError(
      PolicyErrorCode.InvalidDocument,
      ErrorKind.Invalid,
      `the document is over ${MAX_DOCUMENT_BYTES} bytes`,
      [{ field: 'document', rule: 'max-size', message: `at most ${MAX_DOCUMENT_BYTES} bytes` }],
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = `the document is not JSON: ${error instanceof Error ? error.message : String(error)}`;
    throw new PolicyError(PolicyErrorCode.InvalidDocument, ErrorKind.Invalid, message, [
      { field: 'document', rule: 'json', message },
    ]);
  }
}

const noPolicy = (key: string, version: number) =>
  version === 0 ? `no policy ${key}` : `no version ${version} of policy ${key}`;

export const policyNotFound = (key: string, version: number) =>
  new AwardError(AwardErrorCode.PolicyNotFound, ErrorKind.NotFound, noPolicy(key, version));

/** A policy a field of the request names and that isn't there: the field's problem, a 422. */
export function policyUnknown(key: string, version: number, field: string): AwardError {
  const message = noPolicy(key, version);
  return new AwardError(AwardErrorCode.PolicyNotFound, ErrorKind.Invalid, message, [
    { field, rule: 'known-policy', message },
  ]);
}

export function versionJson(row: PolicyVersionRow): PolicyVersionJson {
  const document = parsePolicyDocument(row.document);
  return {
    policy: row.policy,
    version: String(row.version),
    effectiveFrom: row.effective_from,
    titleZh: document.title.zh,
    titleEn: document.title.en,
    parks: document.parks,
    budgetPerYear: moneyJson(document.budgetPerYear, document.currency),
    documentJson: JSON.stringify(row.document),
    publishedAt: row.published_at,
  };
}

/** The version as its event carries it: int64 as bigint. */
function publishedMessage(json: PolicyVersionJson, document: PolicyDocument) {
  return {
    ...json,
    version: BigInt(json.version ?? '0'),
    budgetPerYear: { minorUnits: document.budgetPerYear, currency: document.currency },
  };
}
