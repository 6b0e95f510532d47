/** `denofn invoke <name> --async [--wait] [--callback <url>] [--idempotency-key <k>]`. */
import type { Connection } from "../config.ts";
import { errorFor, request } from "../client.ts";
import { EXIT, usage } from "../errors.ts";
import { printJson } from "../output.ts";
import type { Ctx } from "./context.ts";

/** The call to queue. */
export interface AsyncCall {
  name: string;
  method: string;
  path: string;
  headers: Headers;
  body: BodyInit | undefined;
}

/** How long `--wait` waits for a result. */
const WAIT_MS = 10 * 60_000;

/** Queues the call; with `--wait`, polls `/async/<id>` and prints the result like a sync call. */
export async function invokeAsync(ctx: Ctx, conn: Connection, call: AsyncCall): Promise<number> {
  const headers = new Headers(call.headers);
  headers.set("x-denofn-method", call.method);
  if (ctx.flags.callback) headers.set("x-callback-url", ctx.flags.callback);
  if (ctx.flags["idempotency-key"]) headers.set("idempotency-key", ctx.flags["idempotency-key"]);
  const path = `/async/fn/${call.name}${call.path === "/" ? "" : call.path}`;
  const res = await request(conn, path, { method: "POST", headers, body: call.body, admin: false });
  const answer = await res.json().catch(() => ({}));
  if (res.status !== 202) {
    if (res.status === 404) return console.error(`denofn: ${answer.error}`), EXIT.notFound;
    throw errorFor(conn, res.status, answer);
  }
  const id = answer.id as string;
  if (!ctx.flags.wait) {
    if (ctx.flags.json) printJson({ id, location: res.headers.get("location") });
    else console.log(id);
    ctx.progress(`202 queued · follow it with: denofn jobs show ${id}`);
    return EXIT.ok;
  }
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 50; Date.now() < deadline; delay = Math.min(1_000, delay * 2)) {
    const r = await request(conn, `/async/${id}`, { admin: false });
    const state = r.headers.get("x-denofn-async-state");
    if (state === "done" || state === "dead") {
      const bytes = new Uint8Array(await r.arrayBuffer());
      if (ctx.flags.json) {
        printJson({ id, state, status: r.status, body: new TextDecoder().decode(bytes) });
      } else {
        await Deno.stdout.write(bytes);
        ctx.progress(
          `${r.status} · job ${id} ${state} after ${r.headers.get("x-denofn-attempts")} attempt(s)`,
        );
      }
      return r.status >= 400 ? EXIT.functionError : EXIT.ok;
    }
    await r.body?.cancel();
    if (r.status === 404) throw usage(`Job ${id} is gone`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw usage(`Job ${id} did not finish within ${WAIT_MS / 60_000} minutes`);
}
