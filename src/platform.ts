/**
 * Assembles the whole platform in one process: the execution server (serves `registry/` at
 * `/fn/<name>`) and the registry (builds `registry_in/` into `registry/`, testing each build on a
 * fresh instance before traffic moves to it).
 */
import { resolve } from "node:path";
import { type Config, manifestDefaults } from "./config/mod.ts";
import {
  consoleLogSink,
  type ExecutionServer,
  type ExecutionServerOptions,
  startExecutionServer,
} from "./gateway/mod.ts";
import { type Registry, startRegistry } from "./registry/mod.ts";
import { createVerifier } from "./runtime/mod.ts";
import { dockerParts } from "./docker/mod.ts";

/** A running platform. */
export interface Platform {
  readonly registry: Registry;
  readonly server: ExecutionServer;
  close(): Promise<void>;
}

/** Optional parts of the platform (log sink, observers, extra routes). */
export type PlatformOptions = Omit<ExecutionServerOptions, "config"> & {
  /** Registry event lines (default: stdout). */
  registryLog?: (line: string) => void;
};

/** Starts execution server and registry; resolves once the first builds are served. */
export async function startPlatform(
  config: Config,
  options: PlatformOptions = {},
): Promise<Platform> {
  const logs = options.logs ?? consoleLogSink;
  const say = options.registryLog ?? ((line: string) => console.log(line));
  const docker = await dockerParts({
    mode: config.DENOFN_DOCKER,
    templatesDir: resolve(config.DENOFN_TEMPLATES),
    owner: config.DENOFN_DOCKER_OWNER,
    network: config.DENOFN_DOCKER_NETWORK,
  });
  say(`[platform] ${docker.summary}`);
  const server = await startExecutionServer({
    ...options,
    config,
    logs,
    containerStarter: docker.containerStarter,
  });
  const registryDir = resolve(config.DENOFN_REGISTRY);
  const supervisor = server.supervisor;
  let registry: Registry;
  try {
    registry = await startRegistry({
      inDir: resolve(config.DENOFN_REGISTRY_IN),
      outDir: registryDir,
      templatesDir: resolve(config.DENOFN_TEMPLATES),
      defaults: manifestDefaults(config),
      builders: docker.builders,
      log: options.registryLog,
      verify: createVerifier({
        starterFor: (r) => supervisor.starterFor(r),
        registryDir,
        logs,
        readyTimeoutMs: (r) => supervisor.readyTimeoutMs(r),
      }),
    });
    await registry.ready;
  } catch (error) {
    await server.close();
    await docker.cleanup();
    throw error;
  }
  for (const record of registry.list()) supervisor.upsert(record);
  return {
    registry,
    server,
    async close() {
      await registry.close();
      await server.close();
      await docker.cleanup();
    },
  };
}
