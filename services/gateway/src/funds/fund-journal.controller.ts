import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type ImportedEntryJson } from '@parkledger/contracts';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { type GatewayCaller } from '../auth/gateway-caller';
import { ClosePeriodDto, ImportEntriesDto, JournalQuery, ReverseEntryDto } from './fund.dto';
import { FUND_READERS, FUND_WRITERS } from './fund.routes';
import { IDEMPOTENCY } from '../http/idempotency';
import { ImportBodyPipe } from './import-body.pipe';
import { EntryResult, FundView, ImportResult, JournalPage } from './fund.views';
import { FundsGatewayService } from './funds.gateway-service';

/** A fund's books: the journal, imports into it, reversals and period closes. */
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
}
