import { join } from 'node:path';

/** proto/ at the repository root, from src/ or dist/ alike. */
export const PROTO_ROOT = join(__dirname, '..', '..', '..', 'proto');

/**
 * How both ends of a gRPC service load its contract: field names in camelCase, int64 as decimal
 * strings (never a float), unset fields absent (not null). The objects then have the *Json types of the
 * generated code.
 */
export function grpcOptions(
  service: 'park-registry' | 'project-pipeline' | 'fund-ledger' | 'policy-awards' | 'audit',
  url: string,
) {
  const services = {
    'park-registry': {
      package: 'parkledger.park_registry.v1',
      protoPath: 'parkledger/park_registry/v1/park_registry_service.proto',
    },
    'project-pipeline': {
      package: 'parkledger.project_pipeline.v1',
      protoPath: 'parkledger/project_pipeline/v1/project_pipeline_service.proto',
    },
    'fund-ledger': {
      package: 'parkledger.fund_ledger.v1',
      protoPath: 'parkledger/fund_ledger/v1/fund_ledger_service.proto',
    },
    'policy-awards': {
      package: 'parkledger.policy_awards.v1',
      protoPath: 'parkledger/policy_awards/v1/policy_awards_service.proto',
    },
    audit: {
      package: 'parkledger.audit.v1',
      protoPath: 'parkledger/audit/v1/audit_service.proto',
    },
  } as const;
  return {
    ...services[service],
    url,
    loader: { includeDirs: [PROTO_ROOT], keepCase: false, longs: String, enums: String, defaults: false, oneofs: true },
  };
}
