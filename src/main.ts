/**
 * `deno task start`: runs the registry, the execution server, the admin API and metrics in one
 * process on the embedded defaults (gateway on port 8000, watching `registry_in/`).
 * Configuration comes from the environment; see the README.
 */
import { ConfigError, parseConfig } from "./config/mod.ts";
import { startOperatedPlatform } from "./operated_platform.ts";
import { onShutdownSignal } from "./util/signals.ts";

try {
  const config = parseConfig(Deno.env.toObject());
  const running = await startOperatedPlatform(config);
  const { source, path } = running.adminToken;
  if (source !== "env") {
    console.log(`[admin] token ${source === "generated" ? "generated in" : "read from"} ${path}`);
  }
  console.log(`denofn listening on ${running.platform.server.url}`);
  onShutdownSignal(async () => {
    console.log("denofn shutting down: draining calls and stopping functions");
    await running.close();
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(2);
  }
  throw error;
}
