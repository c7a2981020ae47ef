import { type ConsumedEvent } from '@parkledger/messaging';
import { assertNever } from '@parkledger/platform';
import { type PoolClient } from 'pg';
import { awardVersion, contradicts, publicSupportChange, reversalOutcome } from './public-support-events';
import { PublicSupportRepository } from './public-support.repository';

/** The fund ledger's and the awards service's topics, which the public-support read model is built from. */
export const PUBLIC_SUPPORT_TOPICS = ['parkledger.funds.v1', 'parkledger.awards.v1'];

/** Its consumer group (after the group prefix) and its key in the inbox. */
export const PUBLIC_SUPPORT_CONSUMER = 'project-pipeline.public-support';

const support = new PublicSupportRepository();

/**
 * Applies one event of the funds or awards topic to the public-support read model, inside the inbox
 * transaction: the inbox keeps a redelivery out, and each row's key (the investment; the award's
 * version) a replay under another inbox. An event naming a project the pipeline doesn't know yet is
 * kept all the same. One that breaks its contract, or contradicts what is recorded, throws: retried,
 * then dead-lettered with the reason, and the stream goes on.
 */
export async function applyPublicSupportEvent({ event, envelope }: ConsumedEvent, tx: PoolClient): Promise<void> {
  const change = publicSupportChange(event);
  switch (change.kind) {
    case 'none':
      return;
    case 'investment':
      if (!(await support.recordInvestment(tx, change, envelope.id))) {
        throw contradicts(`investment ${change.investmentId}`, 'investment');
      }
      return;
    case 'reversal': {
      const investment = await support.investmentOfEntry(tx, change.reversedEntryId);
      if (reversalOutcome(investment, change) === 'reverse') {
        await support.reverseInvestment(tx, change.reversedEntryId, change.reversalEntryId, change.reversedOn);
      }
      return;
    }
    case 'award-money':
      if (!(await support.recordAwardMoney(tx, change, awardVersion(envelope.aggregateVersion), envelope.id))) {
        throw contradicts(`award ${change.awardId} at version ${envelope.aggregateVersion}`, 'award');
      }
      return;
  }
  return assertNever(change, 'change');
}
