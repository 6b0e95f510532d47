/**
 * Secrets per function: encrypted at rest (AES-256-GCM, key from `DENOFN_SECRETS_KEY` or the data
 * folder), listed by name only, and injected into instances' environment at start.
 * @module
 */
export { loadSecretsKey, SECRETS_KEY_FILE, type SecretsKey } from "./key.ts";
export { MAX_SECRET_BYTES, secretNameProblem, secretValueProblem } from "./names.ts";
export { SECRET_CACHE_MS, type SecretInfo, SecretRuleError, SecretStore } from "./store.ts";
export { recordWithSecrets, type SecretEnvSource, secretStarter, withSecretEnv } from "./inject.ts";
