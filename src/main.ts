/**
 * `deno task start`: runs the registry and the execution server in one process on the
 * embedded defaults (gateway on port 8000, watching `registry_in/`). Configuration comes from
 * the environment; see the README.
 */
import { ConfigError, parseConfig } from "./config/mod.ts";
import { startPlatform } from "./platform.ts";
import { onShutdownSignal } from "./util/signals.ts";

try {
  const config = parseConfig(Deno.env.toObject());
  const platform = await startPlatform(config);
  console.log(`denofn listening on ${platform.server.url}`);
  onShutdownSignal(async () => {
    console.log("denofn shutting down: draining calls and stopping functions");
    await platform.close();
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(2);
  }
  throw error;
}
