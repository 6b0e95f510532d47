/**
 * `/auth/...`: `POST /auth/login` `{ name, password }` → `{ token, refreshToken, expiresIn }`,
 * `POST /auth/refresh` `{ refreshToken }` → the same, `GET /auth/whoami` (any credential), and
 * `POST /auth/register` `{ name, password }` when open registration is on (a `deployer`).
 */
import { Hono } from "hono";
import { z } from "zod";
import { BadRequest, DenofnError, Forbidden, Unauthorized } from "../errors/mod.ts";
import type { Accounts } from "./accounts.ts";
import { TooManyAttempts } from "./errors.ts";
import { MAX_PASSWORD_LENGTH } from "./passwords.ts";
import { newUserSchema } from "./users.ts";

const loginSchema = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
const refreshSchema = z.strictObject({ refreshToken: z.string().min(1).max(512) });

async function body<T extends z.ZodType>(req: Request, schema: T): Promise<z.output<T>> {
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new BadRequest("The body must be JSON");
  }
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new BadRequest(
    r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
  );
}

/** Per-connection facts the server passes as Hono's `env`. */
type AuthEnv = { Bindings: { remoteAddr?: Deno.NetAddr } };

/** The `/auth` routes; `address` tells the caller's address (for the login limiter). */
export function createAuthRoutes(
  accounts: Accounts,
  address: (c: { env: AuthEnv["Bindings"] | undefined }) => string | undefined = () => undefined,
): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.post("/login", async (c) => {
    const { name, password } = await body(c.req.raw, loginSchema);
    const tokens = await accounts.login(name, password, address(c));
    if (!tokens) throw new Unauthorized("Wrong name or password");
    return c.json(tokens);
  });

  app.post("/refresh", async (c) => {
    const { refreshToken } = await body(c.req.raw, refreshSchema);
    const tokens = await accounts.refresh(refreshToken);
    if (!tokens) {
      throw new Unauthorized("The refresh token is not valid (used, expired or revoked)");
    }
    return c.json(tokens);
  });

  app.get("/whoami", async (c) => {
    const p = await accounts.authenticate(c.req.header("authorization"));
    if (typeof p === "string") {
      throw new Unauthorized(p === "missing" ? "Missing bearer token" : "Invalid bearer token");
    }
    return c.json({ user: p.user ?? null, role: p.role, via: p.kind, keyId: p.keyId });
  });

  app.post("/register", async (c) => {
    if (!accounts.openRegistration) {
      throw new Forbidden("Registration is closed: an admin creates accounts (POST /admin/users)");
    }
    const input = await body(c.req.raw, newUserSchema.omit({ role: true }));
    const wait = accounts.limiter.retryAfterSec(input.name, address(c));
    if (wait > 0) throw new TooManyAttempts(wait);
    if (!(await accounts.users.create({ ...input, role: "deployer" }))) {
      accounts.limiter.fail(input.name, address(c));
      return c.json({ error: `The name "${input.name}" is taken`, code: "conflict" }, 409);
    }
    return c.json({ name: input.name, role: "deployer" }, 201);
  });

  app.onError((error, c) => {
    if (error instanceof DenofnError) {
      const headers = error.headers();
      if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="denofn"';
      return c.json(error.toBody(), error.status as 400, headers);
    }
    console.error(`[auth] ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.json({ error: "Internal auth error", code: "internal" }, 500);
  });
  return app;
}
