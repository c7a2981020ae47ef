export const REGISTRY_CLIENT = Symbol('REGISTRY_CLIENT');
