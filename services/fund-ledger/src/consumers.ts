import { type ConsumerDeclaration } from '@parkledger/service-kit';
import { applyAwardEvent, AWARD_BOOK_TOPICS, AWARD_BOOKS_CONSUMER } from './policy-books/award-books.consumer';
import { applyTargetEvent, TARGET_TOPICS } from './read-model/targets-read-model';

/**
 * Every consumer the fund ledger runs (main.ts starts this list and nothing else), with what
 * `npm run replay` does with it. What it knows of the registry and the pipeline is a read model,
 * rebuilt and compared. The award books are not replayed: each award event is posted as a journal
 * entry of the ledger's own, under a fresh id and a recorded time, in a book opened under a fresh
 * id, so a rebuild would make other entries rather than the same rows.
 */
export const CONSUMERS: readonly ConsumerDeclaration[] = [
  {
    name: 'fund-ledger.targets-read-model',
    topics: TARGET_TOPICS,
    handle: applyTargetEvent,
    readModel: [
      { table: 'known_projects', key: ['id'] },
      { table: 'known_enterprises', key: ['id'] },
      { table: 'known_parks', key: ['id'] },
      { table: 'known_settlements', key: ['id'] },
    ],
  },
  {
    name: AWARD_BOOKS_CONSUMER,
    topics: AWARD_BOOK_TOPICS,
    notReplayed:
      "its effects are the ledger's own journal entries and policy books, each under a fresh id and recorded time: a rebuild makes other entries, not the same rows",
    handlers: () => ({ handle: applyAwardEvent }),
  },
];
