export * from './caller';
export * from './field-check';
export * from './grpc-problem.filter';
export * from './once';
export * from './page';
export * from './sql-filter';
export * from './service-main';
export * from './service-providers';
