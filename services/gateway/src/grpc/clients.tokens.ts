export const REGISTRY_CLIENT = Symbol('REGISTRY_CLIENT');
export const PIPELINE_CLIENT = Symbol('PIPELINE_CLIENT');
