/**
 * What the admin API needs from the platform. The platform (registry + supervisor) implements
 * {@link AdminPlatform}; the admin API assembles the richer {@link FunctionStatus} views itself.
 */
import type { FunctionRecord } from "../manifest/record.ts";
import type { Manifest } from "../manifest/mod.ts";
import type { CallCounters } from "../observe/mod.ts";

/** One running instance of a function, as the supervisor sees it. */
export interface InstanceStatus {
  /** Instance id, e.g. `hello-3`. */
  id: string;
  kind: "process" | "container";
  pid?: number;
  containerId?: string;
  /** Epoch ms it became ready. */
  since: number;
  /** Calls it is answering right now. */
  inFlight: number;
  /** Present and true while it is a spare: started ahead of need, no call yet. */
  spare?: boolean;
  /** Present and true while it is paused (a hot container, idle). */
  paused?: boolean;
}

/** The platform operations the admin API drives. */
export interface AdminPlatform {
  /** Absolute path of `registry_in/` (deploys are unpacked into `<registryInDir>/<name>/`). */
  readonly registryInDir: string;
  /** Every known build record (ready or failed). */
  records(): FunctionRecord[] | Promise<FunctionRecord[]>;
  /** The build record of one function, if it has one. */
  record(name: string): FunctionRecord | undefined | Promise<FunctionRecord | undefined>;
  /** The running instances of a function (empty when cold). */
  instances(name: string): InstanceStatus[];
  /** Whether a build of `name` is in progress (optional; deploys through the API are tracked). */
  building?(name: string): boolean;
  /**
   * Builds `name` from `<registryInDir>/<name>/` now and resolves with the new record once the
   * new version takes calls (or failed). When the folder is gone it unregisters the function.
   */
  rebuild(name: string): Promise<FunctionRecord | undefined>;
  /** Forgets a function whose folder the admin API just deleted: stop instances, drop output. */
  remove(name: string): Promise<void>;
  /** Stops every instance of `name`; the next call starts a fresh one. */
  restart(name: string): Promise<void>;
}

/** What `GET /admin/functions` shows of each function. */
export interface FunctionStatus {
  name: string;
  runtime: string;
  /** `building` while a deploy or rebuild runs; `failed` (never built) carries `error`. */
  status: "ready" | "building" | "failed";
  error?: string;
  /** The latest build, when it failed while an earlier good build keeps serving. */
  failedBuild?: { hash: string; builtAt: string; error: string };
  /** `warm` when at least one instance runs. */
  state: "cold" | "warm";
  instances: InstanceStatus[];
  /** Content hash of the deployed source. */
  hash: string;
  /** ISO time of the last build and its duration. */
  builtAt: string;
  buildMs: number;
  /** Calls since the platform started. */
  counters: CallCounters;
  /** The account that manages it (absent: admins only). */
  owner?: string;
}

/** What `GET /admin/functions/<name>` adds. */
export interface FunctionDetail extends FunctionStatus {
  /** The normalized manifest (every default filled in); absent when it was invalid. */
  manifest?: Manifest;
  /** The `deno run` permission flags an instance gets. */
  permissionFlags?: string[];
  sourceDir: string;
  bundle?: string;
  bundleBytes?: number;
  image?: string;
}
