// Three tiers (ARCHITECTURE.md): unit specs beside their files, integration specs against the real
// Postgres and Kafka, and end-to-end specs under test/ against the running system.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper: {
    '^@parkledger/(contracts|messaging|platform|service-kit|testing|tlog)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

// Integration specs run two files at a time (each has a database and topics of its own), but for these:
// they run alone, after the others. One stops the broker; the others provision the services' roles
// (provisionSql, `infra up`), which belong to the whole Postgres server: two sessions altering the same
// role at once fail with "tuple concurrently updated".
const alone = [
  '<rootDir>/libs/messaging/test/kafka-stopped.int-spec.ts',
  '<rootDir>/scripts/infra/infra-cli.int-spec.ts',
  '<rootDir>/scripts/infra/database.int-spec.ts',
  '<rootDir>/services/fund-ledger/src/database/journal.int-spec.ts',
];

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,scripts,test,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,scripts,bench}/**/*.int-spec.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, ...alone],
    },
    { ...common, displayName: 'integration-alone', testMatch: alone },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
