import { withArticle } from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { AwardError, AwardErrorCode } from './award.errors';

const forbidden = (caller: Caller, what: string) =>
  new AwardError(AwardErrorCode.Forbidden, ErrorKind.Forbidden, `${withArticle(caller.role)} cannot ${what}`);

/** Admins and policy officers publish policies and record, review and settle awards. */
export function assertAwardWriter(caller: Caller): void {
  if (caller.role !== 'admin' && caller.role !== 'policy-officer') throw forbidden(caller, 'change policies or awards');
}

/** Auditors read every policy and award as well; fund managers and park managers reach none of it here. */
export function assertAwardReader(caller: Caller): void {
  if (caller.role !== 'admin' && caller.role !== 'policy-officer' && caller.role !== 'auditor') {
    throw forbidden(caller, 'read policies or awards');
  }
}
