/**
 * Runs the execution server alone, following a `registry/` folder written by a registry
 * running elsewhere (`src/registry/main.ts`), e.g. as two docker compose services.
 */
import { ConfigError, parseConfig } from "../config/mod.ts";
import { onShutdownSignal } from "../util/signals.ts";
import { startExecutionServer } from "./server.ts";

try {
  const server = await startExecutionServer({ config: parseConfig(Deno.env.toObject()) });
  console.log(`denofn gateway listening on ${server.url}`);
  onShutdownSignal(() => server.close());
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(2);
  }
  throw error;
}
