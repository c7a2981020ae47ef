import { type ConsumedEvent } from '@parkledger/messaging';
import { assertNever } from '@parkledger/platform';
import { type PoolClient } from 'pg';
import { awardBookAction } from '../ledger/award-entries';
import { PolicyBooksRepository } from './policy-books.repository';

/** The awards service's topic: policies published, and each award's life from application on. */
export const AWARD_BOOK_TOPICS = ['parkledger.awards.v1'];

/** Its consumer group (after the group prefix) and its key in the inbox. */
export const AWARD_BOOKS_CONSUMER = 'fund-ledger.award-books';

const books = new PolicyBooksRepository();

/**
 * Posts one award event in its policy's budget book, inside the inbox transaction: the inbox keeps
 * a redelivery out, and the entry's unique source event a replay under another inbox. An event the
 * books can't post (its form, or a balance the database refuses) throws: retried, then
 * dead-lettered with the reason, and the stream goes on.
 */
export async function applyAwardEvent({ event, envelope }: ConsumedEvent, tx: PoolClient): Promise<void> {
  const action = awardBookAction(event, envelope.time);
  switch (action.kind) {
    case 'none':
      return;
    case 'open':
      await books.open(tx, action.policy, action.currency);
      return;
    case 'post': {
      const book = await books.open(tx, action.policy, action.currency);
      await books.post(tx, book, envelope.id, action.entry);
      return;
    }
  }
  return assertNever(action, 'action');
}
