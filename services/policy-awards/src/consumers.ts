import { REGION_TOPICS, type ConsumerDeclaration } from '@parkledger/service-kit';
import { AwardWrites } from './awards/award-writes';
import { AwardsRepository } from './awards/awards.repository';
import { MILESTONE_TOPICS, MilestoneAwards } from './milestones/milestone-awards';
import { PoliciesRepository } from './policies/policies.repository';
import { applyEligibilityEvent } from './read-model/eligibility-read-model';

/**
 * Every consumer the awards service runs (main.ts starts this list and nothing else), with what
 * `npm run replay` does with it. The eligibility read model (parks and settlements) is rebuilt and
 * compared. The milestone awards are not replayed: a milestone gives new awards under fresh ids, with
 * their AwardGranted events in the outbox, which the relay publishes; a replay must neither make
 * other awards nor publish anything.
 */
export const CONSUMERS: readonly ConsumerDeclaration[] = [
  {
    name: 'policy-awards.eligibility-read-model',
    topics: REGION_TOPICS,
    handle: applyEligibilityEvent,
    readModel: [
      { table: 'known_parks', key: ['id'] },
      { table: 'known_settlements', key: ['id'] },
    ],
  },
  {
    name: 'policy-awards.milestone-awards',
    topics: MILESTONE_TOPICS,
    notReplayed:
      'its effects are new awards under fresh ids and their events in the outbox, published to Kafka: a replay would grant other awards and publish them',
    handlers: (parts) => {
      const awards = new AwardsRepository();
      const milestoneAwards = new MilestoneAwards(
        new PoliciesRepository(),
        awards,
        new AwardWrites(parts.dataSource, awards, parts.outbox),
      );
      return { handle: (event, tx) => milestoneAwards.apply(event, tx), writesOutbox: true };
    },
  },
];
