/** `denofn help [<command>]`, `denofn version`, and `denofn completion bash|zsh|fish`. */
import { VERSION } from "../../version.ts";
import { request } from "../client.ts";
import { usage } from "../errors.ts";
import { printJson } from "../output.ts";
import { ALIASES, commandHelp, HELP, USAGE } from "../usage.ts";
import { completionScript, SHELLS } from "../completion.ts";
import type { Ctx } from "./context.ts";

/** `denofn help [<command>]`. */
export function help(ctx: Ctx): Promise<number> {
  if (ctx.args.length > 1) throw usage(`"denofn help" takes at most one <command>`);
  const verb = ctx.args[0];
  if (verb !== undefined && !(verb in HELP) && !(verb in ALIASES)) {
    throw usage(`Unknown command "${verb}"`);
  }
  console.log(verb === undefined ? USAGE : commandHelp(verb));
  return Promise.resolve(0);
}

/** `denofn version`: the CLI's version, and the server's when it answers `/healthz`. */
export async function version(ctx: Ctx): Promise<number> {
  if (ctx.verb === "version" && ctx.args.length) throw usage(`"denofn version" takes no arguments`);
  const conn = await ctx.conn();
  let server: string | undefined;
  let problem: string | undefined;
  try {
    const res = await request(conn, "/healthz", {
      admin: false,
      signal: AbortSignal.timeout(5_000),
    });
    const body = await res.json().catch(() => ({}));
    server = typeof body.version === "string" ? body.version : undefined;
    if (!server) problem = `${conn.url}/healthz answered ${res.status} without a version`;
  } catch (e) {
    problem = (e as Error).message.split("\n")[0];
  }
  if (ctx.flags.json) {
    printJson({ client: VERSION, deno: Deno.version.deno, server: server ?? null, url: conn.url });
  } else {
    console.log(`denofn CLI ${VERSION} (deno ${Deno.version.deno})`);
    if (server) console.log(`server     ${server} at ${conn.url}`);
  }
  if (problem) console.error(`denofn: no server version: ${problem}`);
  return 0;
}

/** `denofn completion bash|zsh|fish`. */
export function completion(ctx: Ctx): Promise<number> {
  const shell = ctx.args[0];
  if (ctx.args.length !== 1 || !SHELLS.includes(shell)) {
    throw usage(`"denofn completion" takes one of: ${SHELLS.join(", ")}`);
  }
  console.log(completionScript(shell));
  return Promise.resolve(0);
}
