import type { AsyncService } from "../async/mod.ts";
import type { Accounts } from "../auth/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { SecretStore } from "../secrets/mod.ts";
import type { FunctionCounters, HistoryStore, LogStore } from "../observe/mod.ts";
import type { AdminPlatform } from "./platform.ts";

/** Size limits of deploys. */
export interface DeployLimits {
  /** Largest request body (the compressed archive). Default 20 MiB. */
  maxUploadBytes?: number;
  /** Most entries in an archive. Default 2000. */
  maxFiles?: number;
  /** Largest unpacked size. Default 50 MiB. */
  maxUnpackedBytes?: number;
}

/** What {@link createAdminApp} is assembled from. */
export interface AdminDeps {
  platform: AdminPlatform;
  /** The bootstrap admin token, always accepted as an admin (see `loadAdminToken`). */
  token: string;
  /**
   * Accounts, API keys, sessions, ownership and function keys (`/users`, `/keys`,
   * `/functions/<name>/keys`). Absent: the admin token is the only identity.
   */
  accounts?: Accounts;
  /** Secrets per function (`/functions/<name>/secrets`). */
  secrets?: SecretStore;
  logs: LogStore;
  history: HistoryStore;
  /** Per-function counters shown in status views (fed the same invocations as history). */
  counters?: FunctionCounters;
  /** Async jobs and dead letters (`/admin/async/...`), when async is on. */
  async?: AsyncService;
  /** The `deno run` flags an instance of this record gets (shown by `GET /functions/<name>`). */
  permissionFlags?: (record: FunctionRecord) => string[];
  limits?: DeployLimits;
  /**
   * Settles when the platform can deploy (the registry finished its first scan). Until then a
   * request waits up to {@link READY_WAIT_MS}, then answers 503 with `Retry-After`.
   */
  ready?: Promise<void>;
}

/** How long an admin request waits for a starting platform before it answers 503. */
export const READY_WAIT_MS = 2_000;

/** Function names with a deploy in progress (shared by the routes of one app). */
export type DeployLocks = Set<string>;
