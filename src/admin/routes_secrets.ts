/**
 * Secrets per function: `PUT /functions/:name/secrets/:secret` (the raw body is the value) → 204,
 * `GET /functions/:name/secrets` → `[{ name, updatedAt }]`, `DELETE .../secrets/:secret` → 204.
 * Values are never answered or logged; a change restarts the function's instances gracefully
 * (calls in flight finish, the next call starts an instance with the new environment).
 */
import type { Hono } from "hono";
import { FunctionNotFound, PayloadTooLarge } from "../errors/mod.ts";
import { describePrincipal } from "../auth/mod.ts";
import { MAX_SECRET_BYTES, SecretRuleError } from "../secrets/mod.ts";
import { principalOf, requireManageOrClaim } from "./access.ts";
import type { AdminDeps } from "./deps.ts";
import { InvalidInput, NotFound } from "./errors.ts";
import { nameSchema, parseInput } from "./validate.ts";

class SecretsOff extends NotFound {
  constructor() {
    super("This platform keeps no secrets (no secrets store is configured)");
  }
}

/** The body as UTF-8 text of at most {@link MAX_SECRET_BYTES}. */
async function valueOf(req: Request, fn: string): Promise<string> {
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > MAX_SECRET_BYTES) throw new PayloadTooLarge(fn, MAX_SECRET_BYTES);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidInput("A secret value must be UTF-8 text");
  }
}

/** Mounts the secret routes. */
export function mountSecretRoutes(app: Hono, deps: AdminDeps): void {
  const target = async (c: { req: { param(k: string): string; raw: Request } }) => {
    if (!deps.secrets) throw new SecretsOff();
    const name = parseInput(nameSchema, c.req.param("name"));
    const exists = (await deps.platform.record(name)) !== undefined;
    await requireManageOrClaim(deps, c, name, exists);
    return { name, exists, store: deps.secrets };
  };
  const changed = async (fn: string, exists: boolean, line: string) => {
    deps.logs.write({ ts: Date.now(), fn, instance: "admin", stream: "system", line });
    if (!exists) return;
    await deps.platform.restart(fn).catch((e) => {
      if (!(e instanceof FunctionNotFound)) throw e;
    });
  };

  app.put("/functions/:name/secrets/:secret", async (c) => {
    const { name, exists, store } = await target(c);
    const secret = c.req.param("secret");
    try {
      await store.set(name, secret, await valueOf(c.req.raw, name));
    } catch (e) {
      if (e instanceof SecretRuleError) throw new InvalidInput(e.message);
      throw e;
    }
    await changed(name, exists, `secret ${secret} set by ${describePrincipal(principalOf(c))}`);
    return c.body(null, 204);
  });

  app.get("/functions/:name/secrets", async (c) => {
    const { name, store } = await target(c);
    return c.json(await store.list(name));
  });

  app.delete("/functions/:name/secrets/:secret", async (c) => {
    const { name, exists, store } = await target(c);
    const secret = c.req.param("secret");
    if (!(await store.delete(name, secret))) {
      throw new NotFound(`Function "${name}" has no secret ${secret.slice(0, 80)}`);
    }
    await changed(name, exists, `secret ${secret} removed by ${describePrincipal(principalOf(c))}`);
    return c.body(null, 204);
  });
}
