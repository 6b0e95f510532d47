/** Builds the status views of functions from records, instances and counters. */
import type { FunctionRecord } from "../manifest/record.ts";
import type { AdminDeps, DeployLocks } from "./deps.ts";
import type { FunctionDetail, FunctionStatus } from "./platform.ts";

const NO_COUNTERS = { invocations: 0, errors: 0, coldStarts: 0 };

/** The list view of one function. */
export function statusOf(
  deps: AdminDeps,
  locks: DeployLocks,
  record: FunctionRecord,
): FunctionStatus {
  const instances = deps.platform.instances(record.name);
  const building = locks.has(record.name) || deps.platform.building?.(record.name) === true;
  const view: FunctionStatus = {
    name: record.name,
    runtime: record.runtime,
    status: building ? "building" : record.status,
    state: instances.length > 0 ? "warm" : "cold",
    instances,
    hash: record.hash,
    builtAt: record.builtAt,
    buildMs: record.buildMs,
    counters: deps.counters?.get(record.name) ?? { ...NO_COUNTERS },
  };
  if (record.error) view.error = record.error;
  if (record.failedBuild) view.failedBuild = record.failedBuild;
  return view;
}

/** The detail view of one function: the list view plus manifest and permission flags. */
export function detailOf(
  deps: AdminDeps,
  locks: DeployLocks,
  record: FunctionRecord,
): FunctionDetail {
  const detail: FunctionDetail = {
    ...statusOf(deps, locks, record),
    manifest: record.manifest,
    sourceDir: record.sourceDir,
    bundle: record.bundle,
    bundleBytes: record.bundleBytes,
    image: record.image,
  };
  if (record.manifest && deps.permissionFlags) {
    try {
      detail.permissionFlags = deps.permissionFlags(record);
    } catch (e) {
      detail.permissionFlags = [`(cannot derive flags: ${(e as Error).message})`];
    }
  }
  return detail;
}
