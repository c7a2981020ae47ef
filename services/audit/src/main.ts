import 'reflect-metadata';
import { configOrExit } from '@parkledger/service-kit';
import { loadAuditConfig } from './config/audit.config';
import { runAudit } from './run-audit';

void runAudit(configOrExit('audit', () => loadAuditConfig()));
