export { createApiClient, DEFAULT_TOKEN_ENDPOINT } from './api-client.js';
export type { ApiClient, ApiClientOptions } from './api-client.js';
export { ApiError, ContractError, NetworkError } from './api-error.js';
