/**
 * The platform's one entry point: `deno task start` (role `all` on the embedded defaults) and
 * every compose service (`DENOFN_ROLE=registry` or `gateway`). Configuration comes from the
 * environment; see docs/configuration.md.
 */
import { ConfigError, parseConfig } from "../config/mod.ts";
import {
  captureConsole,
  configureLogging,
  literal,
  platformLogger,
  sayLine,
} from "../observe/mod.ts";
import { onShutdownSignal } from "../util/signals.ts";
import { startPlatform } from "./platform.ts";

try {
  const config = parseConfig(Deno.env.toObject());
  // DENOFN_LOG_FORMAT: every line this process prints goes through one LogTape sink.
  configureLogging(config.DENOFN_LOG_FORMAT);
  if (config.DENOFN_LOG_FORMAT === "json") captureConsole();
  const log = platformLogger();
  const platform = await startPlatform(config, { say: sayLine });
  const { source, path } = platform.adminToken;
  if (source !== "env" && platform.role !== "registry") {
    sayLine(`[admin] token ${source === "generated" ? "generated in" : "read from"} ${path}`);
  }
  log.info(`denofn ${platform.role} listening on ${platform.url}`);
  onShutdownSignal(async () => {
    log.info("denofn shutting down: draining calls and stopping functions");
    await platform.close();
  });
  platform.ready.then(() => {
    const count = platform.registry.list().length;
    log.info(`denofn ready at ${platform.url} (${count} function${count === 1 ? "" : "s"})`, {
      url: platform.url,
      functions: count,
    });
  }, (error) => log.error(literal(`denofn cannot get ready: ${(error as Error).message}`)));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(2);
  }
  throw error;
}
