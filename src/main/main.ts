/**
 * The platform's one entry point: `deno task start` (role `all` on the embedded defaults) and
 * every compose service (`DENOFN_ROLE=registry` or `gateway`). Configuration comes from the
 * environment; see docs/configuration.md.
 */
import { ConfigError, parseConfig } from "../config/mod.ts";
import { onShutdownSignal } from "../util/signals.ts";
import { startPlatform } from "./platform.ts";

try {
  const config = parseConfig(Deno.env.toObject());
  const platform = await startPlatform(config);
  const { source, path } = platform.adminToken;
  if (source !== "env" && platform.role !== "registry") {
    console.log(`[admin] token ${source === "generated" ? "generated in" : "read from"} ${path}`);
  }
  console.log(`denofn ${platform.role} listening on ${platform.url}`);
  onShutdownSignal(async () => {
    console.log("denofn shutting down: draining calls and stopping functions");
    await platform.close();
  });
  platform.ready.then(() => {
    const count = platform.registry.list().length;
    console.log(`denofn ready at ${platform.url} (${count} function${count === 1 ? "" : "s"})`);
  }, (error) => console.error(`denofn cannot get ready: ${(error as Error).message}`));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(2);
  }
  throw error;
}
