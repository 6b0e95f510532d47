/** `denofn history [--function] [--status] [--limit]`, and `history <requestId>` for one call. */
import type { InvocationRecord } from "../../observe/mod.ts";
import { adminJson } from "../client.ts";
import { usage } from "../errors.ts";
import { printJson, table } from "../output.ts";
import type { Ctx } from "./context.ts";

/** Runs `denofn history`. */
export async function history(ctx: Ctx): Promise<number> {
  const conn = await ctx.conn();
  if (ctx.args.length > 1) throw usage(`"denofn history" takes at most one <requestId>`);
  if (ctx.args.length === 1) {
    const { body } = await adminJson<InvocationRecord>(
      conn,
      `/history/${encodeURIComponent(ctx.args[0])}`,
    );
    if (ctx.flags.json) return printJson(body), 0;
    for (const [k, v] of Object.entries(body)) {
      console.log(`${(k + ":").padEnd(14)} ${typeof v === "object" ? JSON.stringify(v) : v}`);
    }
    return 0;
  }
  const q = new URLSearchParams();
  if (ctx.flags.function) q.set("function", ctx.flags.function);
  if (ctx.flags.status) q.set("status", ctx.flags.status);
  if (ctx.flags.limit) q.set("limit", ctx.flags.limit);
  const { body } = await adminJson<{ records: InvocationRecord[] }>(conn, `/history?${q}`);
  if (ctx.flags.json) return printJson(body.records), 0;
  if (body.records.length === 0) return console.log("No invocations recorded."), 0;
  console.log(table(
    ["TIME", "REQUEST", "FUNCTION", "CALL", "STATUS", "MS", "COLD", "ERROR"],
    body.records.map((r) => [
      new Date(r.startedAt).toISOString().replace("T", " ").slice(0, 19),
      r.requestId,
      r.fn,
      `${r.method} ${r.path}`,
      String(r.status),
      r.durationMs.toFixed(1),
      r.cold ? `yes${r.coldStartMs !== undefined ? ` (${r.coldStartMs.toFixed(0)} ms)` : ""}` : "",
      r.error ?? "",
    ]),
  ));
  return 0;
}
