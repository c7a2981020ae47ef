export const PIPELINE_OUTBOX = Symbol('PIPELINE_OUTBOX');
