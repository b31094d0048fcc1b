export { authenticate } from './authenticate.middleware';
export {
  rateLimitPerKey,
  limitFailedAuthentications,
  limitSignUps,
  type RateLimitStoreOptions,
  type RedisCommandSender,
} from './rate-limit.middleware';
export { errorHandler, notFoundHandler, sendProblem, type Problem } from './error-handler.middleware';
export { principalOf, setPrincipal } from './principal';
export { bearerToken } from './bearer-token';
export {
  expectedVersion,
  setVersionTag,
  sendWritten,
  CHANGE_NOT_PUBLISHED_WARNING,
} from './versioned-response';
