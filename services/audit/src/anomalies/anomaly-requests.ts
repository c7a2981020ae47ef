import { AUDIT_ANOMALY_KINDS, type AuditAnomalyKind, type ListAnomaliesRequestJson } from '@parkledger/contracts';
import { FieldCheck } from '@parkledger/service-kit';
import { aggregateFilter, pageOf } from '../events/event-requests';
import { AuditErrorCode } from '../proofs/audit.errors';

export const ANOMALY_STATUSES = ['open', 'resolved'] as const;

export interface AnomalyQuery {
  kind?: AuditAnomalyKind;
  status?: (typeof ANOMALY_STATUSES)[number];
  aggregate?: { type: string; id?: string };
  /** the id of the last anomaly of the page before */
  after: string | undefined;
  limit: number;
}

const ID = /^[1-9][0-9]{0,18}$/;

/** Reads the anomalies' filters and page, naming every field that breaks a rule at once. */
export function anomalyQuery(request: ListAnomaliesRequestJson): AnomalyQuery {
  const check = new FieldCheck(AuditErrorCode.Invalid);
  const kind = request.kind ?? '';
  const status = request.status ?? '';
  const checkedKind = kind === '' ? undefined : check.oneOf('kind', kind, AUDIT_ANOMALY_KINDS);
  const checkedStatus = status === '' ? undefined : check.oneOf('status', status, ANOMALY_STATUSES);
  const aggregate = aggregateFilter(check, request.aggregateType, request.aggregateId);
  const page = pageOf(check, request.page, (text) => (ID.test(text) ? text : undefined));
  check.done();
  return {
    ...(checkedKind === undefined ? {} : { kind: checkedKind }),
    ...(checkedStatus === undefined ? {} : { status: checkedStatus }),
    ...(aggregate === undefined ? {} : { aggregate }),
    after: page.after,
    limit: page.limit,
  };
}
