/** `denofn logs <name> [-f] [--request <id>] [--since] [--limit]`. */
import type { FunctionLogLine } from "../../observe/mod.ts";
import { oneArg } from "../args.ts";
import { adminJson, errorFor, request } from "../client.ts";
import type { Ctx } from "./context.ts";

function format(l: FunctionLogLine): string {
  const time = new Date(l.ts).toISOString().slice(11, 23);
  const tag = l.stream === "stdout" ? "" : ` ${l.stream}`;
  return `${time} [${l.instance}${tag}]${l.requestId ? ` ${l.requestId}` : ""} ${l.line}`;
}

function emit(ctx: Ctx, l: FunctionLogLine): void {
  console.log(ctx.flags.json ? JSON.stringify(l) : format(l));
}

/** Runs `denofn logs`; with `-f` it streams until interrupted. */
export async function logs(ctx: Ctx): Promise<number> {
  const name = oneArg(ctx, "name");
  const q = new URLSearchParams();
  if (ctx.flags.since) q.set("since", ctx.flags.since);
  if (ctx.flags.limit) q.set("limit", ctx.flags.limit);
  if (ctx.flags.request) q.set("request", ctx.flags.request);
  const conn = await ctx.conn();
  if (!ctx.flags.follow) {
    const { body } = await adminJson<{ lines: FunctionLogLine[] }>(
      conn,
      `/functions/${name}/logs?${q}`,
    );
    for (const l of body.lines) emit(ctx, l);
    return 0;
  }
  q.set("follow", "1");
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    const res = await request(conn, `/admin/functions/${name}/logs?${q}`, { signal: stop.signal });
    if (!res.ok) {
      const text = await res.text();
      throw errorFor(
        conn,
        res.status,
        (() => {
          try {
            return JSON.parse(text);
          } catch {
            return text;
          }
        })(),
      );
    }
    let buffer = "";
    const decoder = new TextDecoderStream();
    try {
      for await (const chunk of res.body!.pipeThrough(decoder)) {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split("\n").filter((l) => l.startsWith("data: ")).map((l) =>
            l.slice(6)
          );
          if (event.startsWith("event: log") && data.length) emit(ctx, JSON.parse(data.join("\n")));
          if (event.startsWith("event: ready")) ctx.progress(`(following ${name}; Ctrl-C to stop)`);
        }
      }
    } catch (e) {
      if (!stop.signal.aborted) throw e;
    }
    return 0;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
  }
}
