export * from './database';
export * from './infra';
export * from './kafka';
export * from './wait';
export * from './faults';
