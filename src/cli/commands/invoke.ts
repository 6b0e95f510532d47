/** `denofn invoke <name> [--data|--file|piped body] [--method] [--path] [-q k=v] [-H k:v]`. */
import { fstatSync } from "node:fs";
import { oneArg } from "../args.ts";
import { request } from "../client.ts";
import { EXIT, usage } from "../errors.ts";
import { printJson } from "../output.ts";
import type { Ctx } from "./context.ts";
import { invokeAsync } from "./invoke_async.ts";

/** Whether stdin is a pipe or a file (`echo x | denofn invoke f`, `< body.json`), not a terminal. */
function stdinIsPiped(): boolean {
  try {
    const s = fstatSync(0);
    return s.isFIFO() || s.isFile();
  } catch {
    return false;
  }
}

async function readStdin(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
}

async function bodyOf(ctx: Ctx): Promise<BodyInit | undefined> {
  const { data, file } = ctx.flags;
  if (data !== undefined && file !== undefined) throw usage("Pass --data or --file, not both");
  if (data !== undefined) return data;
  if (file === undefined && stdinIsPiped()) {
    const piped = await readStdin();
    return piped.length ? piped : undefined; // an empty pipe is no body
  }
  if (file === "-") return await readStdin();
  if (file !== undefined) {
    return await Deno.readFile(file).catch(() => {
      throw usage(`Cannot read ${file}`);
    });
  }
  return undefined;
}

/** Runs `denofn invoke`; exit 6 when the function answers with a status >= 400. */
export async function invoke(ctx: Ctx): Promise<number> {
  const name = oneArg(ctx, "name");
  const body = await bodyOf(ctx);
  const method = (ctx.flags.method ?? (body === undefined ? "GET" : "POST")).toUpperCase();
  let path = ctx.flags.path ?? "/";
  if (!path.startsWith("/")) throw usage(`--path must start with "/"`);
  if (ctx.flags.query?.length) {
    const query = new URLSearchParams();
    for (const q of ctx.flags.query) {
      const at = q.indexOf("=");
      if (at < 1) throw usage(`Bad query "${q}": expected "name=value"`);
      query.append(q.slice(0, at), q.slice(at + 1));
    }
    path += (path.includes("?") ? "&" : "?") + query;
  }
  const headers = new Headers();
  for (const h of ctx.flags.header ?? []) {
    const at = h.indexOf(":");
    if (at < 1) throw usage(`Bad header "${h}": expected "Name: value"`);
    headers.append(h.slice(0, at).trim(), h.slice(at + 1).trim());
  }
  const conn = await ctx.conn();
  if (ctx.flags.async) return await invokeAsync(ctx, conn, { name, method, path, headers, body });
  const res = await request(conn, `/fn/${name}${path === "/" ? "" : path}`, {
    method,
    headers,
    body,
    admin: false,
  });
  const requestId = res.headers.get("x-request-id") ?? "";
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (ctx.flags.json) {
    printJson({
      status: res.status,
      requestId,
      headers: Object.fromEntries(res.headers),
      body: new TextDecoder().decode(bytes),
    });
  } else {
    await Deno.stdout.write(bytes);
    if (bytes.length && bytes[bytes.length - 1] !== 10 && Deno.stdout.isTerminal()) console.log();
    const timing = res.headers.get("server-timing");
    ctx.progress(
      `${res.status} ${res.statusText} · request ${requestId}${timing ? ` · ${timing}` : ""}`,
    );
  }
  if (res.status === 404 && res.headers.get("content-type")?.includes("json")) {
    const code = (() => {
      try {
        return JSON.parse(new TextDecoder().decode(bytes)).code;
      } catch {
        return undefined;
      }
    })();
    if (code === "function_not_found") return EXIT.notFound;
  }
  return res.status >= 400 ? EXIT.functionError : EXIT.ok;
}
