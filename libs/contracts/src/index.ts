export * from './cloudevents';
export * from './registry';
export * from './gen/parkledger/common/v1/money_pb';
export * from './gen/parkledger/diagnostics/v1/probe_events_pb';
export * from './gen/parkledger/park_registry/v1/park_registry_pb';
export * from './gen/parkledger/park_registry/v1/park_registry_events_pb';
