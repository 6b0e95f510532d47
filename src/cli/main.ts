/**
 * The `denofn` CLI. Run with `deno task cli <command>`, or install:
 * `deno install -g -A --unstable-kv -n denofn src/cli/main.ts` (see src/admin/README.md).
 * @module
 */
import { parseCommandLine } from "./args.ts";
import { resolveConnection } from "./config.ts";
import { CliError, EXIT } from "./errors.ts";
import { USAGE } from "./usage.ts";
import type { Ctx } from "./commands/context.ts";
import { describe, ls, restart, rm } from "./commands/functions.ts";
import { deploy } from "./commands/deploy.ts";
import { invoke } from "./commands/invoke.ts";
import { logs } from "./commands/logs.ts";
import { history } from "./commands/history.ts";
import { scaffold } from "./commands/new.ts";

const COMMANDS: Record<string, (ctx: Ctx) => Promise<number>> = {
  new: scaffold,
  deploy,
  ls,
  describe,
  invoke,
  logs,
  history,
  rm,
  restart,
  help: () => Promise.resolve((console.log(USAGE), 0)),
};

/** Runs the CLI with `argv` and returns the exit code. */
export async function run(argv: string[], env = Deno.env.toObject()): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.flags.help) return console.log(USAGE), EXIT.ok;
    const ctx: Ctx = {
      ...parsed,
      env,
      conn: () => resolveConnection(parsed.flags, env),
      progress: (line) => {
        if (!parsed.flags.json) console.error(line);
      },
    };
    return await COMMANDS[parsed.verb](ctx);
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`denofn: ${e.message}`);
      return e.exitCode;
    }
    console.error(`denofn: unexpected error: ${(e as Error).stack ?? e}`);
    return EXIT.server;
  }
}

if (import.meta.main) Deno.exit(await run(Deno.args));
