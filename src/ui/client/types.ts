/**
 * The admin API's answers as the client reads them. Where the platform declares an answer in a
 * module the client may import types from (`import type` leaves nothing in the bundle), the client
 * uses that declaration; the rest are written out here with the fields the client uses, and
 * `../wire_types_test.ts` checks at type-check time that the platform's own types still fit them.
 */
export type { Stats, StatsSeries, StatsSummary } from "../../admin/stats.ts";
export type { CapturedBody, FunctionLogLine, InvocationRecord } from "../../observe/types.ts";

/** A running instance (`instances[]`). */
export interface InstanceView {
  id: string;
  since: number;
  inFlight: number;
}

/**
 * `GET /admin/functions` items. (The platform's `admin/platform.ts` cannot be imported: its types
 * reach the manifest modules, which use Deno's APIs the browser program is not checked with.)
 */
export interface FunctionStatus {
  name: string;
  runtime: string;
  status: "ready" | "building" | "failed";
  error?: string;
  failedBuild?: { hash: string; builtAt: string; error: string };
  state: "cold" | "warm";
  instances: InstanceView[];
  hash: string;
  builtAt: string;
  buildMs: number;
  counters: { invocations: number; errors: number; coldStarts: number; lastInvokedAt?: number };
}

/** `GET /admin/functions/<name>`. */
export interface FunctionDetail extends FunctionStatus {
  manifest?: unknown;
  permissionFlags?: string[];
  bundleBytes?: number;
  image?: string;
}

/** Granted and revoked entries per permission kind. */
export interface PermissionDiff {
  changed: boolean;
  firstDeploy: boolean;
  kinds: Partial<Record<string, { granted: string[]; revoked: string[] }>>;
}

/** The answer of a deploy (`PUT /admin/functions/<name>`). */
export interface DeployAnswer {
  name: string;
  created: boolean;
  files: number;
  bytes: number;
  build: { status: "ready" | "failed"; error?: string; hash?: string; buildMs?: number };
  permissions: PermissionDiff;
}

/** An async job (`/admin/async/jobs`, `/admin/async/dead`). */
export interface Job {
  id: string;
  fn: string;
  method: string;
  path: string;
  state: string;
  attempts: number;
  createdAt: number;
  lastError?: string;
}
