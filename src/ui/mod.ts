/**
 * The dashboard at `/ui`: functions, their figures and charts, deploys, permissions, logs,
 * history and replays, built on the admin API only.
 * @module
 */
export {
  createUiApp,
  CSRF_HEADER,
  LOGIN_COOKIE,
  safeNext,
  sameOrigin,
  SESSION_COOKIE,
  UI_BASE,
  type UiOptions,
} from "./app.ts";
export { Assets, STATIC_DIR } from "./assets.ts";
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./headers.ts";
export { type Session, SessionSealer } from "./session.ts";
export type { Upstream } from "./proxy.ts";
