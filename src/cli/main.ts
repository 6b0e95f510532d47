/**
 * The `denofn` CLI. Run with `deno task cli <command>`, or install it as `denofn` (see
 * docs/cli.md): `deno install -g -A -n denofn --config deno.json src/cli/main.ts`.
 * @module
 */
import { parseCommandLine } from "./args.ts";
import { resolveConnection } from "./config.ts";
import { CliError, EXIT } from "./errors.ts";
import { commandHelp, USAGE } from "./usage.ts";
import type { Ctx } from "./commands/context.ts";
import { describe, ls, restart, rm } from "./commands/functions.ts";
import { deploy } from "./commands/deploy.ts";
import { invoke } from "./commands/invoke.ts";
import { logs } from "./commands/logs.ts";
import { history } from "./commands/history.ts";
import { scaffold } from "./commands/new.ts";
import { keys, login, logout, secret, users, whoami } from "./commands/access.ts";
import { completion, help, version } from "./commands/help.ts";
import { jobs } from "./commands/jobs.ts";
import { store } from "./commands/store.ts";

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
  login,
  logout,
  whoami,
  users,
  keys,
  secret,
  jobs,
  store,
  version,
  completion,
  help,
};

/** Runs the CLI with `argv` and returns the exit code. */
export async function run(argv: string[], env = Deno.env.toObject()): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.flags.help) {
      console.log(parsed.verb === "help" ? USAGE : commandHelp(parsed.typed));
      return EXIT.ok;
    }
    const ctx: Ctx = {
      ...parsed,
      env,
      conn: () => resolveConnection(parsed.flags, env),
      progress: (line) => {
        if (!parsed.flags.json) console.error(line);
      },
    };
    return await COMMANDS[parsed.flags.version ? "version" : parsed.verb](ctx);
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
