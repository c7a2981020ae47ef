import { type ConsumerDeclaration } from '@parkledger/service-kit';
import {
  applyProjectEvent,
  applyProjectEvents,
  PROJECT_REFERENCES_CONSUMER,
  PROJECT_TOPICS,
} from './references/project-references.consumer';

/**
 * Every consumer the registry runs (runParkRegistry starts this list and nothing else), with what
 * `npm run replay` does with it. Which parks projects refer to, from the pipeline's events, is a read
 * model: its rows of `referenced_parks` (referrer 'project') are rebuilt and compared, the time each
 * was first seen left out. The registry writes the table's other rows itself (a child park, a
 * settlement), so those are not compared.
 */
export const CONSUMERS: readonly ConsumerDeclaration[] = [
  {
    name: PROJECT_REFERENCES_CONSUMER,
    topics: PROJECT_TOPICS,
    handle: applyProjectEvent,
    handleRun: applyProjectEvents,
    readModel: [
      {
        table: 'referenced_parks',
        key: ['park_id', 'referrer'],
        ignore: ['first_seen_at'],
        where: "referrer = 'project'",
      },
    ],
  },
];
