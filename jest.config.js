/**
 * Two projects: `unit` is every test beside the code (pure cores, schemas, exports: no servers,
 * seconds; `npm run test:unit`), `integration` is test/ (the real app, Redis, the MongoDB-protocol
 * server, worker processes, pages; `npm run test:integration`). `npm test` runs both.
 */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '<rootDir>/test/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Jest's node environment that adds worker output and waits in progress to a failure's report.
      testEnvironment: '<rootDir>/test/support/failure-report.environment.ts',
      // Starts Redis and the MongoDB-protocol server when they are down; runs only with this project.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
  testTimeout: 60000,
  maxWorkers: 2,
};
