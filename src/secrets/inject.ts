/**
 * Puts a function's secrets into its instances' environment. The record an instance is started
 * from gets the secrets added to its manifest's `env` and their names to `permissions.env`, so
 * they take the one path every variable takes: `childEnv` (Deno subprocesses, stdin mode) and the
 * container's `Env` apply the same name rules, and Deno is granted exactly those names. The
 * copy with values lives only for the start; records on disk and in the admin API never hold it.
 */
import type { FunctionRecord } from "../manifest/record.ts";
import type { InstanceStarter } from "../runtime/types.ts";

/** Reads a function's secrets as variables. */
export interface SecretEnvSource {
  envFor(fn: string): Promise<Record<string, string>>;
}

/** `record` with `env` added to its manifest's `env` (secrets win) and granted. */
export function withSecretEnv(record: FunctionRecord, env: Record<string, string>): FunctionRecord {
  const names = Object.keys(env);
  if (!names.length || !record.manifest) return record;
  const m = record.manifest;
  return {
    ...record,
    manifest: {
      ...m,
      env: { ...m.env, ...env },
      permissions: {
        ...m.permissions,
        env: [...new Set([...m.permissions.env, ...names])],
      },
    },
  };
}

/** `record` with its function's secrets in its environment. */
export async function recordWithSecrets(
  source: SecretEnvSource,
  record: FunctionRecord,
): Promise<FunctionRecord> {
  return withSecretEnv(record, await source.envFor(record.name));
}

/** A starter that starts `inner`'s instances with the function's secrets in their environment. */
export function secretStarter(inner: InstanceStarter, source: SecretEnvSource): InstanceStarter {
  return {
    async start(record, id, options) {
      return await inner.start(await recordWithSecrets(source, record), id, options);
    },
  };
}
