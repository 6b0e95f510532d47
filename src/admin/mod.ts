/**
 * The admin API (`/admin/...`) and its pieces: the app, the platform interface it drives, the
 * admin token, permission diffs, and the tar tools deploys use.
 * @module
 */
export { createAdminApp } from "./app.ts";
export { computeStats, type Stats, type StatsSeries, type StatsSummary } from "./stats.ts";
export type { AdminDeps, DeployLimits } from "./deps.ts";
export type { AdminPlatform, FunctionDetail, FunctionStatus, InstanceStatus } from "./platform.ts";
export {
  type AdminToken,
  loadAdminToken,
  MIN_TOKEN_LENGTH,
  TOKEN_FILE,
  tokensEqual,
} from "./token.ts";
export {
  diffPermissions,
  PERMISSION_KINDS,
  type PermissionChange,
  type PermissionDiff,
} from "./permission_diff.ts";
export { formEntries, installFunction, type InstallResult } from "./install.ts";
export { BadArchive, Conflict, InvalidInput, NotFound, UnsupportedMediaType } from "./errors.ts";
export { packDir, type Packed, safeRelativePath, TarError } from "./tar/mod.ts";
export {
  adminPlatformFrom,
  functionLoads,
  type PlatformParts,
  type PoolView,
} from "./platform_adapter.ts";
