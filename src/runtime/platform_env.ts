/**
 * Variables the platform gives every function (such as the `SUPABASE_*` names Supabase functions
 * read), as defaults of the manifest's `env`: the manifest's own values win, and the names take
 * the path every variable takes (checked by `childEnv`, granted to Deno, passed to containers).
 */
import type { FunctionRecord } from "../manifest/record.ts";
import type { InstanceStarter } from "./types.ts";

/** `record` with `env` under its manifest's `env` (the manifest's values win). */
export function withPlatformEnv(
  record: FunctionRecord,
  env: Record<string, string>,
): FunctionRecord {
  if (!record.manifest || !Object.keys(env).length) return record;
  return { ...record, manifest: { ...record.manifest, env: { ...env, ...record.manifest.env } } };
}

/** A starter whose instances get `env` (unless their manifest sets the same names). */
export function platformEnvStarter(
  inner: InstanceStarter,
  env: Record<string, string>,
): InstanceStarter {
  if (!Object.keys(env).length) return inner;
  return { start: (record, id, options) => inner.start(withPlatformEnv(record, env), id, options) };
}
