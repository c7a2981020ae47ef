import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type ImportedEntryJson } from '@parkledger/contracts';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import {
  AsOfQuery,
  BalancesQuery,
  CapitalAccountQuery,
  ClosePeriodDto,
  ImportEntriesDto,
  JournalQuery,
  ReverseEntryDto,
} from './fund.dto';
import { FUND_READERS, FUND_WRITERS, IDEMPOTENCY } from './fund.routes';
import { ImportBodyPipe } from './import-body.pipe';
import {
  BalancesView,
  CapitalAccountStatementView,
  EntryResult,
  FundFiguresView,
  FundView,
  ImportResult,
  JournalPage,
  LookThroughView,
} from './fund.views';
import { FundsGatewayService } from './funds.gateway-service';

/**
 * A fund's books: the journal, its reversals and period closes, balances and figures, a partner's
 * capital account, a mother fund's look-through into its sub-funds.
 */
@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundJournalController {
  constructor(private readonly funds: FundsGatewayService) {}

  @Get(':id/journal')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: JournalPage })
  journal(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: JournalQuery,
  ): Promise<JournalPage> {
    return this.funds.journal(caller, id, query);
  }

  @Post(':id/journal-imports')
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({
    type: ImportResult,
    description:
      'up to 1,000 entries, all or none; a refusal names the entry (entries[i]): 422 for its form or an account the fund lacks, 409 for a limit or a closed period',
  })
  @ApiBody({ type: ImportEntriesDto })
  importEntries(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    // checked by ImportBodyPipe, not the global validation: typed as what the pipe returns, so the
    // validation pipe (which checks class-typed parameters only) leaves it alone
    @Body(ImportBodyPipe) entries: ImportedEntryJson[],
  ): Promise<ImportResult> {
    return this.funds.importEntries(caller, id, entries);
  }

  @Post(':id/entries/:entryId/reversal')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: EntryResult, description: 'the reversing entry; the original stays as it was' })
  reverse(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Param('entryId') entryId: string,
    @Body() dto: ReverseEntryDto,
  ): Promise<EntryResult> {
    return this.funds.reverse(caller, id, entryId, dto);
  }

  @Post(':id/period-closes')
  @HttpCode(HttpStatus.OK)
  @Roles(...FUND_WRITERS)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: FundView, description: 'the fund, its books closed through the date' })
  closePeriod(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Body() dto: ClosePeriodDto,
  ): Promise<FundView> {
    return this.funds.closePeriod(caller, id, dto);
  }

  @Get(':id/balances')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: BalancesView })
  balances(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: BalancesQuery,
  ): Promise<BalancesView> {
    return this.funds.balances(caller, id, query);
  }

  @Get(':id/figures')
  @Roles(...FUND_READERS)
  @ApiOkResponse({ type: FundFiguresView })
  figures(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: AsOfQuery,
  ): Promise<FundFiguresView> {
    return this.funds.figures(caller, id, query);
  }

  @Get(':id/partners/:partnerId/capital-account')
  @Roles(...FUND_READERS)
  @ApiOkResponse({
    type: CapitalAccountStatementView,
    description:
      'the partner’s capital account for the period, ILPA’s layout: each movement signed by its effect on the balance',
  })
  capitalAccount(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Param('partnerId') partnerId: string,
    @Query() query: CapitalAccountQuery,
  ): Promise<CapitalAccountStatementView> {
    return this.funds.capitalAccount(caller, id, partnerId, query);
  }

  @Get(':id/look-through')
  @Roles(...FUND_READERS)
  @ApiOkResponse({
    type: LookThroughView,
    description: 'the fund’s share of its sub-funds’ investments, pro rata to its share of their paid-in capital',
  })
  lookThrough(
    @CurrentCaller() caller: GatewayCaller,
    @Param('id') id: string,
    @Query() query: AsOfQuery,
  ): Promise<LookThroughView> {
    return this.funds.lookThrough(caller, id, query);
  }
}
