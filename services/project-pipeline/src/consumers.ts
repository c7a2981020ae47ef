import { type ConsumerDeclaration } from '@parkledger/service-kit';
import {
  applyPublicSupportEvent,
  PUBLIC_SUPPORT_CONSUMER,
  PUBLIC_SUPPORT_TOPICS,
} from './public-support/public-support.consumer';
import { applyRegistryEvent, applyRegistryEvents, REGISTRY_TOPICS } from './read-model/registry-read-model';

/**
 * Every consumer the pipeline runs (main.ts starts this list and nothing else), with what
 * `npm run replay` does with it. Both are read models, rebuilt and compared: the registry's parks and
 * enterprises (newer versions win), and the public support, whose rows are keyed by what the events
 * carry (an investment; an award's version) and name the event they came from.
 */
export const CONSUMERS: readonly ConsumerDeclaration[] = [
  {
    name: 'project-pipeline.registry-read-model',
    topics: REGISTRY_TOPICS,
    handle: applyRegistryEvent,
    handleRun: applyRegistryEvents,
    readModel: [
      { table: 'known_parks', key: ['id'] },
      { table: 'known_enterprises', key: ['id'] },
    ],
  },
  {
    name: PUBLIC_SUPPORT_CONSUMER,
    topics: PUBLIC_SUPPORT_TOPICS,
    handle: applyPublicSupportEvent,
    readModel: [
      { table: 'support_fund_investments', key: ['investment_id'] },
      { table: 'support_award_money', key: ['award_id', 'award_version'] },
    ],
  },
];
