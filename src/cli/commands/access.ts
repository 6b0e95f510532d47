/**
 * Accounts and secrets from the command line: `login`, `logout`, `whoami`, `users`, `keys` and
 * `secret`. Passwords and secret values are read from stdin (or `--file`), never from an
 * argument, so they stay out of shell history and process lists.
 */
import { fstatSync } from "node:fs";
import { oneArg } from "../args.ts";
import { adminJson, errorFor, request } from "../client.ts";
import { CliError, EXIT, usage } from "../errors.ts";
import { printJson, table } from "../output.ts";
import { saveSession, sessionFrom, sessionPath } from "../session.ts";
import type { Ctx } from "./context.ts";

function stdinIsTerminal(): boolean {
  try {
    return Deno.stdin.isTerminal();
  } catch {
    return !fstatSync(0).isFIFO();
  }
}

/** A password: typed without echo on a terminal, else the first line of stdin. */
async function readPassword(label: string): Promise<string> {
  if (!stdinIsTerminal()) {
    const text = await new Response(Deno.stdin.readable).text();
    return text.split(/\r?\n/)[0];
  }
  await Deno.stderr.write(new TextEncoder().encode(`${label}: `));
  Deno.stdin.setRaw(true);
  const bytes: number[] = [];
  try {
    const buf = new Uint8Array(1);
    for (;;) {
      const n = await Deno.stdin.read(buf);
      if (n === null || buf[0] === 13 || buf[0] === 10) break;
      if (buf[0] === 3) throw new CliError(EXIT.usage, "Cancelled");
      if (buf[0] === 127) bytes.pop();
      else bytes.push(buf[0]);
    }
  } finally {
    Deno.stdin.setRaw(false);
    await Deno.stderr.write(new TextEncoder().encode("\n"));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** A secret value: `--file` as is, else stdin with one trailing newline taken off. */
async function readValue(ctx: Ctx): Promise<Uint8Array> {
  if (ctx.flags.file) return await Deno.readFile(ctx.flags.file);
  if (stdinIsTerminal()) {
    throw usage("Give the value on stdin (e.g. `denofn secret set fn NAME < value.txt`) or --file");
  }
  const bytes = new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
  const end = bytes.at(-1) === 10 ? (bytes.at(-2) === 13 ? 2 : 1) : 0;
  return bytes.subarray(0, bytes.length - end);
}

/** `denofn login <name>`: the password from stdin; the session is kept for this server. */
export async function login(ctx: Ctx): Promise<number> {
  const name = oneArg(ctx, "name");
  const conn = await ctx.conn();
  const password = await readPassword(`Password for ${name}`);
  const res = await request(conn, "/auth/login", {
    method: "POST",
    admin: false,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new CliError(
      res.status === 401 || res.status === 429 ? EXIT.auth : EXIT.server,
      body.error ?? `HTTP ${res.status}`,
    );
  }
  const path = sessionPath(ctx.env);
  if (!path) throw new CliError(EXIT.usage, "Cannot keep the session: set HOME or DENOFN_SESSION");
  await saveSession(path, sessionFrom(conn.url, body, name));
  if (ctx.flags.json) return printJson({ user: name, url: conn.url, expiresIn: body.expiresIn }), 0;
  console.log(`Logged in to ${conn.url} as ${name} (session kept in ${path}).`);
  return 0;
}

/** `denofn logout`: forgets the kept session. */
export async function logout(ctx: Ctx): Promise<number> {
  const path = sessionPath(ctx.env);
  if (path) await Deno.remove(path).catch(() => {});
  console.log("Logged out.");
  return 0;
}

/** `denofn whoami`: who the credentials in use belong to. */
export async function whoami(ctx: Ctx): Promise<number> {
  const conn = await ctx.conn();
  const res = await request(conn, "/auth/whoami");
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw errorFor(conn, res.status, body);
  if (ctx.flags.json) return printJson(body), 0;
  console.log(`${body.user ?? "(admin token)"} ${body.role} via ${body.via} (${conn.tokenSource})`);
  return 0;
}

/** `denofn users [ls] | add <name> [--role r] | rm <name>` (admins). */
export async function users(ctx: Ctx): Promise<number> {
  const [sub = "ls", name, ...rest] = ctx.args;
  const conn = await ctx.conn();
  if (rest.length) throw usage(`"denofn users ${sub}" takes at most one <name>`);
  if (sub === "ls") {
    const { body } = await adminJson<
      { users: { name: string; role: string; createdAt: string }[] }
    >(conn, "/users");
    if (ctx.flags.json) return printJson(body.users), 0;
    console.log(
      table(["NAME", "ROLE", "CREATED"], body.users.map((u) => [u.name, u.role, u.createdAt])),
    );
    return 0;
  }
  if (!name) throw usage(`"denofn users ${sub}" takes a <name>`);
  if (sub === "add") {
    const password = await readPassword(`Password for ${name}`);
    const { body } = await adminJson(conn, "/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, password, role: ctx.flags.role ?? "deployer" }),
    });
    if (ctx.flags.json) return printJson(body), 0;
    console.log(`Created ${name} (${ctx.flags.role ?? "deployer"}).`);
    return 0;
  }
  if (sub === "rm") {
    await adminJson(conn, `/users/${encodeURIComponent(name)}`, { method: "DELETE" });
    console.log(`Removed ${name}: its keys are revoked, its functions go back to admins.`);
    return 0;
  }
  throw usage(`Unknown "denofn users ${sub}": use ls, add or rm`);
}

/**
 * `denofn keys [ls] | create <label> [--expires 30d] | rm <id>`: your API keys, or with
 * `--function <fn>` that function's call keys.
 */
export async function keys(ctx: Ctx): Promise<number> {
  const [sub = "ls", arg, ...rest] = ctx.args;
  if (rest.length) throw usage(`"denofn keys ${sub}" takes at most one argument`);
  const conn = await ctx.conn();
  const fn = ctx.flags.function;
  const base = fn ? `/functions/${encodeURIComponent(fn)}/keys` : "/keys";
  if (sub === "ls") {
    const { body } = await adminJson<{ keys: Record<string, string>[] }>(conn, base);
    if (ctx.flags.json) return printJson(body.keys), 0;
    console.log(table(
      fn ? ["ID", "NAME", "CREATED", "EXPIRES"] : ["ID", "USER", "NAME", "CREATED", "EXPIRES"],
      body.keys.map((k) =>
        fn
          ? [k.id, k.name ?? "", k.createdAt, k.expiresAt ?? "never"]
          : [k.id, k.user, k.name, k.createdAt, k.expiresAt ?? "never"]
      ),
    ));
    return 0;
  }
  if (sub === "create") {
    if (!fn && !arg) throw usage('"denofn keys create" takes a <label> (e.g. ci)');
    const payload: Record<string, unknown> = {};
    if (arg) payload.name = arg;
    if (ctx.flags.expires) payload.expiresIn = ctx.flags.expires;
    const { body } = await adminJson<{ id: string; key: string }>(conn, base, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    if (ctx.flags.json) return printJson(body), 0;
    console.error(`Key ${body.id} created; it is shown only now:`);
    console.log(body.key);
    return 0;
  }
  if (sub === "rm") {
    if (!arg) throw usage('"denofn keys rm" takes a key <id>');
    await adminJson(conn, `${base}/${encodeURIComponent(arg)}`, { method: "DELETE" });
    console.log(`Revoked key ${arg}.`);
    return 0;
  }
  throw usage(`Unknown "denofn keys ${sub}": use ls, create or rm`);
}

/** `denofn secret set <fn> <NAME> [--file f] | ls <fn> | rm <fn> <NAME>`. */
export async function secret(ctx: Ctx): Promise<number> {
  const [sub, fn, name, ...rest] = ctx.args;
  if (!sub || !fn || rest.length) {
    throw usage('"denofn secret" takes set|ls|rm <function> [<NAME>]');
  }
  const conn = await ctx.conn();
  const base = `/functions/${encodeURIComponent(fn)}/secrets`;
  if (sub === "ls") {
    if (name) throw usage('"denofn secret ls" takes only a <function>');
    const { body } = await adminJson<{ name: string; updatedAt: string }[]>(conn, base);
    if (ctx.flags.json) return printJson(body), 0;
    console.log(
      body.length
        ? table(["NAME", "UPDATED"], body.map((s) => [s.name, s.updatedAt]))
        : `${fn} has no secrets.`,
    );
    return 0;
  }
  if (!name) throw usage(`"denofn secret ${sub}" takes <function> <NAME>`);
  const path = `${base}/${encodeURIComponent(name)}`;
  if (sub === "set") {
    const value = await readValue(ctx);
    await adminJson(conn, path, {
      method: "PUT",
      headers: { "content-type": "application/octet-stream" },
      body: value as BodyInit,
    });
    console.log(`Set ${name} of ${fn} (its instances restart with it).`);
    return 0;
  }
  if (sub === "rm") {
    await adminJson(conn, path, { method: "DELETE" });
    console.log(`Removed ${name} of ${fn}.`);
    return 0;
  }
  throw usage(`Unknown "denofn secret ${sub}": use set, ls or rm`);
}
