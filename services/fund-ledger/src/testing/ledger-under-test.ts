import { Outbox } from '@parkledger/messaging';
import { type Caller } from '@parkledger/service-kit';
import { migratedDatabase, type MigratedDatabase } from '@parkledger/testing';
import { loadFundLedgerConfig } from '../config/fund-ledger.config';
import { createDataSource } from '../database/data-source';
import { FundsRepository } from '../funds/funds.repository';
import { FundsService } from '../funds/funds.service';
import { PartnersRepository } from '../funds/partners.repository';
import { ReinvestmentRepository } from '../funds/reinvestment.repository';
import { ReinvestmentService } from '../funds/reinvestment.service';
import { BalancesRepository } from '../journal/balances.repository';
import { FundWrites } from '../journal/fund-writes';
import { ImportService } from '../journal/import.service';
import { JournalRepository } from '../journal/journal.repository';
import { ReversalService } from '../journal/reversal.service';
import { CapitalRepository } from '../operations/capital.repository';
import { CapitalService } from '../operations/capital.service';
import { PortfolioRepository } from '../operations/portfolio.repository';
import { PortfolioService } from '../operations/portfolio.service';
import { PolicyBooksRepository } from '../policy-books/policy-books.repository';
import { PolicyBooksService } from '../policy-books/policy-books.service';
import { PartnerReportsRepository } from '../reports/partner-reports.repository';
import { PartnerReportsService } from '../reports/partner-reports.service';
import { ReportsRepository } from '../reports/reports.repository';
import { ReportsService } from '../reports/reports.service';

/** The schema the integration specs migrate and query by name (`ledger.account_balances`). */
export const SPEC_SCHEMA = 'ledger';

export const admin: Caller = { subject: 'admin', role: 'admin', parkScope: [], fundScope: [], policyScope: [] };

export interface LedgerUnderTest extends MigratedDatabase {
  funds: FundsService;
  capital: CapitalService;
  portfolio: PortfolioService;
  reversals: ReversalService;
  imports: ImportService;
  reinvestment: ReinvestmentService;
  reports: ReportsService;
  partnerReports: PartnerReportsService;
  policyBooks: PolicyBooksService;
}

/**
 * The fund ledger's services on a migrated database of the calling spec's own, wired as AppModule
 * wires them but without Nest, gRPC or Kafka: the rules and the SQL under them.
 */
export async function ledgerUnderTest(label: string): Promise<LedgerUnderTest> {
  const database = await migratedDatabase(label, SPEC_SCHEMA, (env) =>
    createDataSource(loadFundLedgerConfig(env), SPEC_SCHEMA),
  );
  const { dataSource } = database;
  const fundsRepository = new FundsRepository();
  const partners = new PartnersRepository();
  const journal = new JournalRepository();
  const balances = new BalancesRepository();
  const outbox = new Outbox(SPEC_SCHEMA, '/parkledger/fund-ledger');
  const writes = new FundWrites(dataSource, fundsRepository, journal, outbox);
  const funds = new FundsService(dataSource, fundsRepository, partners, writes, outbox);
  return {
    ...database,
    funds,
    capital: new CapitalService(dataSource, writes, funds, partners, new CapitalRepository(), balances),
    portfolio: new PortfolioService(dataSource, writes, funds, new PortfolioRepository(), balances),
    reversals: new ReversalService(writes, journal),
    imports: new ImportService(writes, journal),
    reinvestment: new ReinvestmentService(dataSource, writes, funds, partners, balances, new ReinvestmentRepository()),
    reports: new ReportsService(dataSource, funds, balances, journal, new ReportsRepository()),
    partnerReports: new PartnerReportsService(dataSource, funds, partners, balances, new PartnerReportsRepository()),
    policyBooks: new PolicyBooksService(dataSource, new PolicyBooksRepository()),
  };
}
