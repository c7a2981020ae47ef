import { type DynamicModule, Module } from '@nestjs/common';
import { type IdempotentConsumer } from '@parkledger/messaging';
import { HealthController, MetricsController } from '@parkledger/platform';
import { serviceProviders, type ServiceParts } from '@parkledger/service-kit';
import { LEDGER_OUTBOX } from './config/tokens';
import { FundsRepository } from './funds/funds.repository';
import { FundsService } from './funds/funds.service';
import { PartnersRepository } from './funds/partners.repository';
import { ReinvestmentRepository } from './funds/reinvestment.repository';
import { ReinvestmentService } from './funds/reinvestment.service';
import { FundLedgerGrpcController } from './grpc/fund-ledger.grpc-controller';
import { BalancesRepository } from './journal/balances.repository';
import { FundWrites } from './journal/fund-writes';
import { ImportService } from './journal/import.service';
import { JournalRepository } from './journal/journal.repository';
import { ReversalService } from './journal/reversal.service';
import { CapitalRepository } from './operations/capital.repository';
import { CapitalService } from './operations/capital.service';
import { PortfolioRepository } from './operations/portfolio.repository';
import { PortfolioService } from './operations/portfolio.service';
import { PolicyBooksRepository } from './policy-books/policy-books.repository';
import { PolicyBooksService } from './policy-books/policy-books.service';
import { PartnerReportsRepository } from './reports/partner-reports.repository';
import { PartnerReportsService } from './reports/partner-reports.service';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';

@Module({})
export class AppModule {
  /**
   * `consumers`: the read model of what a fund may invest in and where it is, and the policies'
   * budget books posted from the award events.
   */
  static register(parts: ServiceParts, consumers: IdempotentConsumer[]): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, FundLedgerGrpcController],
      providers: [
        ...serviceProviders(parts, consumers),
        { provide: LEDGER_OUTBOX, useValue: parts.outbox },
        FundsRepository,
        PartnersRepository,
        JournalRepository,
        BalancesRepository,
        CapitalRepository,
        PortfolioRepository,
        ReportsRepository,
        PartnerReportsRepository,
        FundWrites,
        FundsService,
        CapitalService,
        PortfolioService,
        ReversalService,
        ImportService,
        ReinvestmentRepository,
        ReinvestmentService,
        ReportsService,
        PartnerReportsService,
        PolicyBooksRepository,
        PolicyBooksService,
      ],
    };
  }
}
