export * from './database';
export * from './migrated-database';
export * from './infra';
export * from './kafka';
export * from './ports';
export * from './wait';
export * from './faults';
export * from './consumed-event';
