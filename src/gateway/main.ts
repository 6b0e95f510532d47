/**
 * Runs the execution server alone, following a `registry/` folder written by a registry
 * running elsewhere (`src/registry/main.ts`), e.g. as two docker compose services.
 */
import { ConfigError, parseConfig } from "../config/mod.ts";
import { onShutdownSignal } from "../util/signals.ts";
import { dockerParts } from "../docker/mod.ts";
import { startExecutionServer } from "./server.ts";

try {
  const config = parseConfig(Deno.env.toObject());
  const docker = await dockerParts({
    mode: config.DENOFN_DOCKER,
    templatesDir: config.DENOFN_TEMPLATES,
    owner: config.DENOFN_DOCKER_OWNER,
    network: config.DENOFN_DOCKER_NETWORK,
  });
  console.log(`[gateway] ${docker.summary}`);
  const server = await startExecutionServer({ config, containerStarter: docker.containerStarter });
  console.log(`denofn gateway listening on ${server.url}`);
  onShutdownSignal(async () => {
    await server.close();
    await docker.cleanup();
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(2);
  }
  throw error;
}
