/** The service's outbox (an Outbox of the park_registry schema). */
export const REGISTRY_OUTBOX = Symbol('REGISTRY_OUTBOX');
