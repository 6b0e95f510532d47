/**
 * `denofn jobs ls [--dead] [--function <n>] [--state <s>] [--limit <n>]`, `jobs show <id>`,
 * `jobs replay <id>` and `jobs replay --all [--function <n>]`: async jobs and dead letters.
 */
import type { Job } from "../../async/mod.ts";
import { adminJson } from "../client.ts";
import { usage } from "../errors.ts";
import { ago, printJson, table } from "../output.ts";
import type { Ctx } from "./context.ts";

function query(ctx: Ctx, keys: ("function" | "state" | "limit")[]): string {
  const q = new URLSearchParams();
  for (const k of keys) if (ctx.flags[k]) q.set(k, ctx.flags[k]!);
  return q.size ? `?${q}` : "";
}

function rows(jobs: Job[]): string {
  if (!jobs.length) return "No jobs.";
  return table(
    ["ID", "FUNCTION", "TRIGGER", "STATE", "ATTEMPTS", "STATUS", "CREATED", "CALLBACK"],
    jobs.map((j) => [
      j.id,
      j.fn,
      j.trigger,
      j.state,
      String(j.attempts),
      j.result ? String(j.result.status) : "",
      ago(j.createdAt),
      j.callback ? `${j.callback.state} (${j.callback.attempts})` : "",
    ]),
  );
}

/** Runs `denofn jobs`. */
export async function jobs(ctx: Ctx): Promise<number> {
  const [sub = "ls", ...rest] = ctx.args;
  const conn = await ctx.conn();
  if (sub === "ls") {
    if (rest.length) throw usage(`"denofn jobs ls" takes no arguments`);
    const path = ctx.flags.dead
      ? `/async/dead${query(ctx, ["function", "limit"])}`
      : `/async/jobs${query(ctx, ["function", "state", "limit"])}`;
    const { body } = await adminJson<{ jobs: Job[] }>(conn, path);
    if (ctx.flags.json) return printJson(body.jobs), 0;
    return console.log(rows(body.jobs)), 0;
  }
  if (sub === "show") {
    if (rest.length !== 1) throw usage(`"denofn jobs show" takes exactly one <id>`);
    const { body } = await adminJson<Job>(conn, `/async/jobs/${encodeURIComponent(rest[0])}`);
    if (ctx.flags.json) return printJson(body), 0;
    for (const [k, v] of Object.entries(body)) {
      console.log(`${(k + ":").padEnd(16)} ${typeof v === "object" ? JSON.stringify(v) : v}`);
    }
    return 0;
  }
  if (sub === "replay") {
    if (ctx.flags.all) {
      if (rest.length) throw usage(`"denofn jobs replay --all" takes no <id>`);
      const { body } = await adminJson<{ replayed: string[] }>(
        conn,
        `/async/dead/replay${query(ctx, ["function", "limit"])}`,
        { method: "POST" },
      );
      if (ctx.flags.json) return printJson(body), 0;
      console.log(`Replayed ${body.replayed.length} dead letter(s).`);
      return 0;
    }
    if (rest.length !== 1) throw usage(`"denofn jobs replay" takes one <id>, or --all`);
    const { body } = await adminJson<{ id: string; state: string }>(
      conn,
      `/async/dead/${encodeURIComponent(rest[0])}/replay`,
      { method: "POST" },
    );
    if (ctx.flags.json) return printJson(body), 0;
    console.log(`Replayed ${body.id}: ${body.state}. Follow it with: denofn jobs show ${body.id}`);
    return 0;
  }
  throw usage(`Unknown "denofn jobs ${sub}": use ls, show or replay`);
}
