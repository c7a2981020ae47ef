import { type ConsumedEvent } from '@parkledger/messaging';
import { assertNever } from '@parkledger/platform';
import { forgetPark, knowPark, knowSettlement } from '@parkledger/service-kit';
import { type PoolClient } from 'pg';

/**
 * What the awards service learns from the registry (its consumer reads REGION_TOPICS): the park
 * hierarchy and where enterprises are settled, so only an enterprise settled on the award date in
 * a park a policy covers is eligible. It never asks the registry; it keeps its own read model.
 */
export async function applyEligibilityEvent({ event, envelope }: ConsumedEvent, tx: PoolClient): Promise<void> {
  const version = envelope.aggregateVersion;
  switch (event.type) {
    case 'parkledger.park.registered.v1':
    case 'parkledger.park.updated.v1':
    case 'parkledger.park.moved.v1':
    case 'parkledger.park.retired.v1':
      await knowPark(tx, event.payload.park, version);
      return;
    case 'parkledger.park.removed.v1':
      await forgetPark(tx, event.payload.parkId, version);
      return;
    case 'parkledger.settlement.settled.v1':
    case 'parkledger.settlement.left.v1':
      await knowSettlement(tx, event.payload.settlement, version);
      return;
    case 'parkledger.enterprise.registered.v1':
    case 'parkledger.enterprise.updated.v1':
    case 'parkledger.enterprise.milestone-recorded.v1':
    case 'parkledger.project.registered.v1':
    case 'parkledger.project.negotiation-started.v1':
    case 'parkledger.project.signed.v1':
    case 'parkledger.project.construction-started.v1':
    case 'parkledger.project.commissioned.v1':
    case 'parkledger.project.terminated.v1':
    case 'parkledger.project.investment-reported.v1':
    case 'parkledger.project.plan-amended.v1':
    case 'parkledger.probe.emitted.v1':
    case 'parkledger.checkpoint.signed.v1':
    case 'parkledger.fund.registered.v1':
    case 'parkledger.fund.partner-committed.v1':
    case 'parkledger.fund.capital-called.v1':
    case 'parkledger.fund.contribution-received.v1':
    case 'parkledger.fund.investment-made.v1':
    case 'parkledger.fund.investment-valued.v1':
    case 'parkledger.fund.exit-realised.v1':
    case 'parkledger.fund.investment-written-off.v1':
    case 'parkledger.fund.distribution-made.v1':
    case 'parkledger.fund.fee-charged.v1':
    case 'parkledger.fund.entry-reversed.v1':
    case 'parkledger.fund.period-closed.v1':
    case 'parkledger.fund.entries-imported.v1':
    case 'parkledger.fund.reinvestment-required.v1':
    case 'parkledger.policy.published.v1':
    case 'parkledger.award.applied.v1':
    case 'parkledger.award.granted.v1':
    case 'parkledger.award.rejected.v1':
    case 'parkledger.award.paid.v1':
    case 'parkledger.award.revoked.v1':
    case 'parkledger.award.recaptured.v1':
      // not on the topics it reads: a contract change, so fail loudly (retries, then the dead-letter topic)
      throw new Error(`the awards service's read model does not handle ${event.type}`);
  }
  return assertNever(event, 'event');
}
