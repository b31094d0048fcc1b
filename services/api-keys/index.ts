export { issueApiKey, createApiKey, listApiKeys, revokeApiKey, type IssuedApiKey } from './api-key.service';
