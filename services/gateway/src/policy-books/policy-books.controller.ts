import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { problem } from '../openapi/problem-responses';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { PolicyBooksQuery, PolicyJournalQuery } from './policy-books.dto';
import { POLICY_BOOK_READERS } from './policy-books.routes';
import { PolicyBooksGatewayService } from './policy-books.gateway-service';
import { PolicyBooksView, PolicyJournalPage } from './policy-books.views';
import { POLICY_KEY_MALFORMED, POLICY_PATH, PolicyKeyPipe } from './policy-key.pipe';

const NOT_FOUND = ApiResponse({
  status: 404,
  ...problem('no budget books of the policy, or books the caller may not read: a policy officer reads its own'),
});

/**
 * A policy's budget books, kept by the fund ledger in its double-entry journal from the award
 * events: a grant commits the budget, a payment is cash out, a recapture cash back.
 */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PolicyBooksController {
  constructor(private readonly books: PolicyBooksGatewayService) {}

  @Get(':policy/books')
  @Roles(...POLICY_BOOK_READERS)
  @POLICY_PATH
  @POLICY_KEY_MALFORMED
  @NOT_FOUND
  @ApiOkResponse({
    type: PolicyBooksView,
    description: 'committed, payable, paid out, recaptured and net paid, per currency, as of the date',
  })
  balances(
    @CurrentCaller() caller: GatewayCaller,
    @Param('policy', PolicyKeyPipe) policy: string,
    @Query() query: PolicyBooksQuery,
  ): Promise<PolicyBooksView> {
    return this.books.balances(caller, policy, query);
  }

  @Get(':policy/books/journal')
  @Roles(...POLICY_BOOK_READERS)
  @POLICY_PATH
  @POLICY_KEY_MALFORMED
  @NOT_FOUND
  @ApiOkResponse({ type: PolicyJournalPage, description: 'every currency’s book, oldest entry first' })
  journal(
    @CurrentCaller() caller: GatewayCaller,
    @Param('policy', PolicyKeyPipe) policy: string,
    @Query() query: PolicyJournalQuery,
  ): Promise<PolicyJournalPage> {
    return this.books.journal(caller, policy, query);
  }
}
