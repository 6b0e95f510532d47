/**
 * `denofn store get <collection> <id>`, `store put <collection> <id> [--data <json> | --file
 * <path|->]`, `store ls <collection> [--prefix <p>] [--limit <n>]`, `store rm <collection> <id>`:
 * the JSON datastore with the admin token.
 */
import { request } from "../client.ts";
import { errorFor } from "../client.ts";
import { usage } from "../errors.ts";
import { printJson, table } from "../output.ts";
import type { Ctx } from "./context.ts";

async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function documentBody(ctx: Ctx): Promise<string> {
  const { data, file } = ctx.flags;
  if ((data === undefined) === (file === undefined)) throw usage("Pass --data or --file");
  const text = data ??
    (file === "-"
      ? await new Response(Deno.stdin.readable).text()
      : await Deno.readTextFile(file!).catch(() => {
        throw usage(`Cannot read ${file}`);
      }));
  try {
    JSON.parse(text);
  } catch {
    throw usage("The document must be JSON");
  }
  return text;
}

/** Runs `denofn store`. */
export async function store(ctx: Ctx): Promise<number> {
  const [sub, collection, id, ...extra] = ctx.args;
  if (!sub || !collection || extra.length) {
    throw usage(`"denofn store" takes get|put|rm <collection> <id>, or ls <collection>`);
  }
  const conn = await ctx.conn();
  const doc = `/store/${encodeURIComponent(collection)}/${encodeURIComponent(id ?? "")}`;
  if (sub === "ls") {
    if (id) throw usage(`"denofn store ls" takes only <collection>`);
    const q = new URLSearchParams();
    if (ctx.flags.prefix) q.set("prefix", ctx.flags.prefix);
    if (ctx.flags.limit) q.set("limit", ctx.flags.limit);
    const res = await request(conn, `/store/${encodeURIComponent(collection)}?${q}`);
    const body = await json(res) as { items: { id: string; version: number; data: unknown }[] };
    if (!res.ok) throw errorFor(conn, res.status, body);
    if (ctx.flags.json) return printJson(body), 0;
    if (!body.items.length) return console.log("No documents."), 0;
    console.log(table(
      ["ID", "VERSION", "DOCUMENT"],
      body.items.map((d) => [d.id, String(d.version), JSON.stringify(d.data).slice(0, 80)]),
    ));
    return 0;
  }
  if (!id) throw usage(`"denofn store ${sub}" takes <collection> <id>`);
  const init: RequestInit = sub === "get" ? {} : sub === "put"
    ? {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: await documentBody(ctx),
    }
    : sub === "rm"
    ? { method: "DELETE" }
    : (() => {
      throw usage(`Unknown "denofn store ${sub}": use get, put, ls or rm`);
    })();
  const res = await request(conn, doc, init);
  const body = res.status === 204 ? null : await json(res);
  if (!res.ok) throw errorFor(conn, res.status, body);
  ctx.progress(`${res.status} · version ${res.headers.get("x-denofn-version") ?? "-"}`);
  if (body !== null) printJson(body);
  return 0;
}
