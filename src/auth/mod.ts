/**
 * Identity and access: accounts with roles, API keys, sessions, function ownership, the
 * `/auth` routes, and per-function auth on calls.
 * @module
 */
export { Accounts, type AccountsOptions, type AuthFailure, DEFAULT_LIFETIMES } from "./accounts.ts";
export { API_KEY_PREFIX, type ApiKeyRecord, ApiKeyStore, type ApiKeyView } from "./api_keys.ts";
export { AuthMisconfigured, CallForbidden, CallUnauthorized, TooManyAttempts } from "./errors.ts";
export { FUNCTION_KEY_PREFIX, FunctionKeyStore, type FunctionKeyView } from "./function_keys.ts";
export {
  createInvokeGuard,
  type FunctionAuth,
  type InvokeGuard,
  type InvokeGuardDeps,
  KEY_HEADER,
} from "./invoke_guard.ts";
export { LoginLimiter, type LoginLimiterOptions } from "./login_limiter.ts";
export { OwnerStore } from "./owners.ts";
export { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords.ts";
export {
  BOOTSTRAP_ADMIN,
  type CredentialKind,
  describePrincipal,
  mayManage,
  mayRead,
  type Principal,
  type Role,
  ROLES,
} from "./roles.ts";
export { createAuthRoutes } from "./routes.ts";
export { loadSessionKey, SESSION_KEY_FILE } from "./session_key.ts";
export { REFRESH_PREFIX, type SessionLifetimes, Sessions, type SessionTokens } from "./sessions.ts";
export { newUserSchema, USER_NAME_PATTERN, UserStore, type UserView } from "./users.ts";
