/**
 * Assembles the whole platform in one process: the registry (builds `registry_in/` into
 * `registry/`) and the execution server (serves `registry/` at `/fn/<name>`).
 */
import { resolve } from "node:path";
import { type Config, manifestDefaults } from "./config/mod.ts";
import { type ExecutionServer, startExecutionServer } from "./gateway/mod.ts";
import { type Registry, startRegistry } from "./registry/mod.ts";

/** A running platform. */
export interface Platform {
  readonly registry: Registry;
  readonly server: ExecutionServer;
  close(): Promise<void>;
}

/** Starts registry and execution server; resolves once the first builds are served. */
export async function startPlatform(config: Config): Promise<Platform> {
  const registry = await startRegistry({
    inDir: resolve(config.DENOFN_REGISTRY_IN),
    outDir: resolve(config.DENOFN_REGISTRY),
    templatesDir: resolve(config.DENOFN_TEMPLATES),
    defaults: manifestDefaults(config),
  });
  await registry.ready;
  const server = await startExecutionServer({ config });
  return {
    registry,
    server,
    async close() {
      await registry.close();
      await server.close();
    },
  };
}
