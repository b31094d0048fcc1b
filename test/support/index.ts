export {
  startTestApp,
  type TestApp,
  type StartTestAppOptions,
  type TestRequest,
  type TestResponse,
} from './test-app';
export { connectTestDatabase, testDatabaseName } from './test-database';
export { RecordingChangePublisher } from './recording-change-publisher';
export { buildOrganisation, buildNeed, buildStartup, buildEvent } from '../../fixtures/builders';
