/**
 * The process sandbox of the composition root: function processes run as unprivileged users of
 * their own when the platform runs as root (see `src/runtime/process/sandbox.ts`), as
 * `DENOFN_SANDBOX_USERS` says.
 */
import { type Config, ConfigError } from "../config/mod.ts";
import { ProcessSandbox } from "../runtime/mod.ts";

/**
 * Opens the sandbox, or returns undefined when it is off or cannot be had under `auto` (said
 * through `say`).
 * @throws {ConfigError} naming `DENOFN_SANDBOX_USERS` when it is `on` and cannot be had.
 */
export async function openSandbox(
  config: Config,
  socketDir: string,
  say: (line: string) => void,
): Promise<ProcessSandbox | undefined> {
  if (config.DENOFN_SANDBOX_USERS === "off") return undefined;
  const first = config.DENOFN_SANDBOX_FIRST_UID;
  const settings = {
    firstUid: first,
    uidCount: Math.min(config.DENOFN_SANDBOX_UID_COUNT, 2 ** 32 - 2 - first),
    maxProcesses: config.DENOFN_FUNCTION_MAX_PROCESSES,
    maxOpenFiles: config.DENOFN_FUNCTION_MAX_OPEN_FILES,
  };
  const opened = await ProcessSandbox.open(settings, socketDir);
  if (typeof opened !== "string") {
    const last = first + settings.uidCount - 1;
    say(`[platform] function processes run as unprivileged users (uids ${first}-${last})`);
    opened.warm();
    return opened;
  }
  if (config.DENOFN_SANDBOX_USERS === "on") {
    throw new ConfigError([`DENOFN_SANDBOX_USERS: "on", but ${opened}`]);
  }
  if (Deno.uid() === 0) {
    say(`[platform] warning: function processes run as root: ${opened}`);
  }
  return undefined;
}
