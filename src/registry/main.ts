/**
 * Runs the registry as its own process: builds `DENOFN_REGISTRY_IN` (default `registry_in`) into
 * `DENOFN_REGISTRY` (default `registry`) and keeps watching until SIGINT or SIGTERM.
 *
 *     deno run --allow-all src/registry/main.ts
 */
import { type Config, manifestDefaults, parseConfig } from "../config/mod.ts";
import { dockerParts } from "../docker/mod.ts";
import { startRegistry } from "./mod.ts";

/** Starts the registry from the environment; resolves once it has stopped on a signal. */
export async function main(env: Record<string, string | undefined>): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(env);
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(1);
  }
  const docker = await dockerParts({
    mode: config.DENOFN_DOCKER,
    templatesDir: config.DENOFN_TEMPLATES,
    owner: config.DENOFN_DOCKER_OWNER,
    network: config.DENOFN_DOCKER_NETWORK,
  });
  console.log(`[registry] ${docker.summary}`);
  const registry = await startRegistry({
    builders: docker.builders,
    inDir: config.DENOFN_REGISTRY_IN,
    outDir: config.DENOFN_REGISTRY,
    templatesDir: config.DENOFN_TEMPLATES,
    defaults: manifestDefaults(config),
  });
  const { promise: stopped, resolve } = Promise.withResolvers<Deno.Signal>();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const handlers = signals.map((signal) => [signal, () => resolve(signal)] as const);
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);

  await registry.ready;
  const count = registry.list().length;
  console.log(
    `[registry] watching ${config.DENOFN_REGISTRY_IN} -> ${config.DENOFN_REGISTRY} ` +
      `(${count} function${count === 1 ? "" : "s"})`,
  );
  const signal = await stopped;
  for (const [sig, handler] of handlers) Deno.removeSignalListener(sig, handler);
  console.log(`[registry] ${signal}: stopping`);
  await registry.close();
  console.log("[registry] stopped");
}

if (import.meta.main) await main(Deno.env.toObject());
