export { createApp, DEFAULT_BODY_LIMIT, DEFAULT_RATE_LIMIT_PER_MINUTE } from './app';
export type { AppDeps, PingableRedis } from './app-deps';
export {
  principalOf,
  expectedVersion,
  sendWritten,
  setVersionTag,
  sendProblem,
  type Problem,
} from './middleware';
