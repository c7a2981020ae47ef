import { type Caller } from '@parkledger/service-kit';
import { AuditError } from './audit.errors';
import { assertAuditReader } from './proofs.service';

const caller = (role: Caller['role']): Caller => ({
  subject: role,
  role,
  parkScope: [],
  fundScope: [],
  policyScope: [],
});

describe('who reads the audit log', () => {
  it.each(['admin', 'auditor'] as const)('lets %s read it', (role) => {
    expect(() => assertAuditReader(caller(role))).not.toThrow();
  });

  it.each(['park-manager', 'fund-manager', 'policy-officer'] as const)('refuses %s', (role) => {
    expect(() => assertAuditReader(caller(role))).toThrow(AuditError);
  });
});
