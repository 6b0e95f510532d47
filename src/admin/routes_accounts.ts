/**
 * Accounts and keys: `POST|GET /users`, `DELETE /users/:name` (admins); `POST|GET /keys`,
 * `DELETE /keys/:id` (everyone, for their own keys; admins for anyone's); and function keys,
 * `POST|GET /functions/:name/keys`, `DELETE /functions/:name/keys/:id` (who manages the function).
 */
import type { Hono } from "hono";
import { z } from "zod";
import { type Accounts, newUserSchema, USER_NAME_PATTERN } from "../auth/mod.ts";
import { Forbidden } from "../errors/mod.ts";
import { principalOf, requireManageOrClaim } from "./access.ts";
import type { AdminDeps } from "./deps.ts";
import { Conflict, InvalidInput, NotFound } from "./errors.ts";
import { nameSchema, parseInput } from "./validate.ts";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A lifetime: seconds, or `30m`, `12h`, `90d`. Becomes seconds (1 s to 10 years). */
const expiresInSchema = z.union([z.number().int(), z.string().regex(/^\d+[smhd]?$/)])
  .transform((v) => typeof v === "number" ? v : Number.parseInt(v) * (UNITS[v.at(-1)!] ?? 1))
  .pipe(z.number().int().min(1).max(10 * 365 * 86_400));

const newKeySchema = z.strictObject({
  name: z.string().min(1).max(100),
  expiresIn: expiresInSchema.optional(),
  /** An admin may create a key for another account. */
  user: z.string().regex(USER_NAME_PATTERN).optional(),
});

const newFunctionKeySchema = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  expiresIn: expiresInSchema.optional(),
});

async function jsonBody(req: Request, optional = false): Promise<unknown> {
  const text = await req.text();
  if (optional && text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput("The body must be JSON");
  }
}

/** Mounts the account, key and function key routes. */
export function mountAccountRoutes(app: Hono, deps: AdminDeps, accounts: Accounts): void {
  app.post("/users", async (c) => {
    const input = parseInput(newUserSchema, await jsonBody(c.req.raw));
    if (!(await accounts.users.create(input))) {
      throw new Conflict(`An account "${input.name}" already exists`);
    }
    const user = await accounts.users.get(input.name);
    return c.json({ name: input.name, role: input.role, createdAt: user?.createdAt }, 201);
  });

  app.get("/users", async (c) => c.json({ users: await accounts.users.list() }));

  app.delete("/users/:name", async (c) => {
    const name = c.req.param("name");
    const p = principalOf(c);
    if (p.user === name) throw new Forbidden("An account cannot delete itself");
    if (!(await accounts.deleteUser(name))) throw new NotFound(`No account "${name.slice(0, 80)}"`);
    return c.json({ name, removed: true });
  });

  app.post("/keys", async (c) => {
    const input = parseInput(newKeySchema, await jsonBody(c.req.raw));
    const p = principalOf(c);
    const user = input.user ?? p.user;
    if (!user) {
      throw new InvalidInput('The admin token has no account: say whose key it is ("user")');
    }
    if (user !== p.user && p.role !== "admin") {
      throw new Forbidden("Only an admin may create keys for another account");
    }
    if (!(await accounts.users.get(user))) throw new NotFound(`No account "${user}"`);
    const key = await accounts.keys.create(user, input.name, input.expiresIn);
    return c.json(key, 201);
  });

  app.get("/keys", async (c) => {
    const p = principalOf(c);
    return c.json({ keys: await accounts.keys.list(p.role === "admin" ? undefined : p.user) });
  });

  app.delete("/keys/:id", async (c) => {
    const p = principalOf(c);
    const key = await accounts.keys.get(c.req.param("id"));
    if (!key || (p.role !== "admin" && key.user !== p.user)) {
      throw new NotFound(`No key "${c.req.param("id").slice(0, 40)}" of yours`);
    }
    await accounts.keys.revoke(key.id);
    return c.body(null, 204);
  });

  const fnName = async (c: { req: { param(k: string): string; raw: Request } }) => {
    const name = parseInput(nameSchema, c.req.param("name"));
    const exists = (await deps.platform.record(name)) !== undefined;
    await requireManageOrClaim(deps, c, name, exists);
    return name;
  };

  app.post("/functions/:name/keys", async (c) => {
    const name = await fnName(c);
    const input = parseInput(newFunctionKeySchema, await jsonBody(c.req.raw, true));
    const key = await accounts.functionKeys.create(name, {
      name: input.name,
      expiresInSec: input.expiresIn,
    });
    return c.json({ function: name, ...key }, 201);
  });

  app.get("/functions/:name/keys", async (c) => {
    const name = await fnName(c);
    return c.json({ function: name, keys: await accounts.functionKeys.list(name) });
  });

  app.delete("/functions/:name/keys/:id", async (c) => {
    const name = await fnName(c);
    const id = c.req.param("id");
    if (!(await accounts.functionKeys.revoke(name, id))) {
      throw new NotFound(`Function "${name}" has no key "${id.slice(0, 40)}"`);
    }
    return c.body(null, 204);
  });
}
