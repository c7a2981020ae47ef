import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { BrokerMonitor, createKafka } from '@parkledger/messaging';
import { HealthController, MetricsController, READINESS_CHECKS, TracingShutdown } from '@parkledger/platform';
import { type Request } from 'express';
import { type Logger } from 'pino';
import { AuditStreamController } from './audit/audit-stream.controller';
import { AuditStreamGatewayService } from './audit/audit-stream.gateway-service';
import { AuditController } from './audit/audit.controller';
import { AuditGatewayService } from './audit/audit.gateway-service';
import { AuthGuard } from './auth/auth.guard';
import { AwardsController } from './awards/awards.controller';
import { AwardsGatewayService } from './awards/awards.gateway-service';
import { PoliciesController } from './awards/policies.controller';
import { Authenticator } from './auth/authenticator';
import { type GatewayConfig } from './config/gateway.config';
import { GATEWAY_CONFIG } from './config/tokens';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { EnterprisesGatewayService } from './enterprises/enterprises.gateway-service';
import { FundJournalController } from './funds/fund-journal.controller';
import { FundReportsController } from './funds/fund-reports.controller';
import { FundOperationsController } from './funds/fund-operations.controller';
import { FundsController } from './funds/funds.controller';
import { FundsGatewayService } from './funds/funds.gateway-service';
import { MilestonesController } from './milestones/milestones.controller';
import { MilestonesGatewayService } from './milestones/milestones.gateway-service';
import { ParksController } from './parks/parks.controller';
import { ParksGatewayService } from './parks/parks.gateway-service';
import { AuditClient } from './grpc/audit.client';
import { FundLedgerClient } from './grpc/fund-ledger.client';
import { PolicyAwardsClient } from './grpc/policy-awards.client';
import { PipelineClient } from './grpc/pipeline.client';
import { RegistryClient } from './grpc/registry.client';
import {
  AUDIT_CLIENT,
  FUND_LEDGER_CLIENT,
  PIPELINE_CLIENT,
  POLICY_AWARDS_CLIENT,
  REGISTRY_CLIENT,
} from './grpc/clients.tokens';
import { PolicyBooksController } from './policy-books/policy-books.controller';
import { PolicyBooksGatewayService } from './policy-books/policy-books.gateway-service';
import { PolicyReportsController } from './policy-reports/policy-reports.controller';
import { PolicyReportsGatewayService } from './policy-reports/policy-reports.gateway-service';
import { PolicySimulationsController } from './policy-simulations/policy-simulations.controller';
import { PolicySimulationsGatewayService } from './policy-simulations/policy-simulations.gateway-service';
import { ParkStatisticsController, ProjectsController } from './projects/projects.controller';
import { ProjectsGatewayService } from './projects/projects.gateway-service';
import { ParkPublicSupportController } from './public-support/park-public-support.controller';
import { ProjectPublicSupportController } from './public-support/project-public-support.controller';
import { PublicSupportGatewayService } from './public-support/public-support.gateway-service';
import { SettlementsController } from './settlements/settlements.controller';
import { SettlementsGatewayService } from './settlements/settlements.gateway-service';
import { rateLimitKey } from './rate-limit/rate-limit-key';
import { RateLimitStorage } from './rate-limit/rate-limit.storage';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
    const authenticator = new Authenticator(config);
    return {
      module: AppModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
          getTracker: (request) => rateLimitKey(request as Request, authenticator, config.TRUSTED_PROXIES),
          // the built-in storage copies a caller's every hit in the window on each request (issue 10)
          storage: new RateLimitStorage(),
        }),
      ],
      controllers: [
        HealthController,
        MetricsController,
        ParksController,
        ParkStatisticsController,
        EnterprisesController,
        MilestonesController,
        SettlementsController,
        ProjectsController,
        ProjectPublicSupportController,
        ParkPublicSupportController,
        FundsController,
        FundOperationsController,
        FundJournalController,
        FundReportsController,
        PoliciesController,
        AwardsController,
        PolicyBooksController,
        PolicyReportsController,
        PolicySimulationsController,
        AuditController,
        AuditStreamController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: REGISTRY_CLIENT,
          useValue: new RegistryClient(config.PARK_REGISTRY_GRPC_URL, config.callerTokenKey),
        },
        {
          provide: PIPELINE_CLIENT,
          useValue: new PipelineClient(config.PROJECT_PIPELINE_GRPC_URL, config.callerTokenKey),
        },
        {
          provide: FUND_LEDGER_CLIENT,
          useValue: new FundLedgerClient(config.FUND_LEDGER_GRPC_URL, config.callerTokenKey),
        },
        {
          provide: POLICY_AWARDS_CLIENT,
          useValue: new PolicyAwardsClient(config.POLICY_AWARDS_GRPC_URL, config.callerTokenKey),
        },
        { provide: AUDIT_CLIENT, useValue: new AuditClient(config.AUDIT_GRPC_URL, config.callerTokenKey) },
        // the gateway keeps no state: ready once it listens; the broker's health is the parkledger_kafka_broker_up metric
        { provide: READINESS_CHECKS, useValue: [] },
        { provide: BrokerMonitor, useValue: new BrokerMonitor(kafka) },
        { provide: Authenticator, useValue: authenticator },
        TracingShutdown,
        // guards run in this order: the rate limit (keyed by the verified subject) first, then authentication and roles
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        ParksGatewayService,
        EnterprisesGatewayService,
        MilestonesGatewayService,
        SettlementsGatewayService,
        ProjectsGatewayService,
        PublicSupportGatewayService,
        FundsGatewayService,
        AwardsGatewayService,
        PolicyBooksGatewayService,
        PolicyReportsGatewayService,
        PolicySimulationsGatewayService,
        AuditGatewayService,
        AuditStreamGatewayService,
      ],
    };
  }
}
