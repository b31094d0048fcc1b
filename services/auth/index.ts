export type { Principal, Role } from './principal';
export {
  API_KEY_PREFIX,
  API_KEY_BYTES,
  API_KEY_VISIBLE_CHARS,
  hashApiKey,
  generateApiKey,
} from './api-key-secret';
export { assertRole, forbidden } from './authorize';
export { resolvePrincipal, principalOfPerson } from './resolve-principal';
