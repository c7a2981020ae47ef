export * from './checkpoint';
export * from './merkle';
export * from './note';
export * from './entry';
