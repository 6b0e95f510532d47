/**
 * Who may do what in the admin API. The app's middleware turns the bearer credential into a
 * principal (kept per request here) and applies the coarse rule of each role: `viewer` reads,
 * `/users` is for admins, `/keys` for everyone (their own keys), `/async` is read-only for
 * viewers and closed to deployers (jobs are not yet filtered by owner). Routes then check the
 * function they touch: {@link requireAccess}.
 */
import { Forbidden, Unauthorized } from "../errors/mod.ts";
import {
  BOOTSTRAP_ADMIN,
  describePrincipal,
  mayManage,
  mayRead,
  type Principal,
} from "../auth/mod.ts";
import { tokensEqual } from "../util/bearer.ts";
import type { AdminDeps } from "./deps.ts";

const principals = new WeakMap<Request, Principal>();

/** What the routes need of a request context. */
type Ctx = { req: { raw: Request } };

/** The principal of a request (the bootstrap admin when the app has no accounts). */
export function principalOf(c: Ctx): Principal {
  return principals.get(c.req.raw) ?? BOOTSTRAP_ADMIN;
}

/**
 * Authenticates a request and applies the role's coarse rule.
 * @throws {Unauthorized} without a valid credential. @throws {Forbidden} when the role may not.
 */
export async function admit(deps: AdminDeps, req: Request, path: string): Promise<Principal> {
  const header = req.headers.get("authorization");
  let p: Principal | "missing" | "invalid";
  if (deps.accounts) p = await deps.accounts.authenticate(header);
  else {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    p = !m ? "missing" : tokensEqual(m[1], deps.token) ? BOOTSTRAP_ADMIN : "invalid";
  }
  if (p === "missing") throw new Unauthorized("Missing bearer token");
  if (p === "invalid") throw new Unauthorized("Invalid bearer token");
  const reading = req.method === "GET" || req.method === "HEAD";
  const denied = (why: string) => new Forbidden(`${describePrincipal(p as Principal)} ${why}`);
  if (path.startsWith("/users") && p.role !== "admin") throw denied("may not manage accounts");
  if (path.startsWith("/async") && p.role !== "admin" && !(reading && p.role === "viewer")) {
    throw denied("may not use the async admin routes");
  }
  if (!path.startsWith("/keys") && p.role === "viewer" && !reading) throw denied("may only read");
  principals.set(req, p);
  return p;
}

/** The owner of a function (undefined: admins only, or no accounts at all). */
export async function ownerOf(deps: AdminDeps, name: string): Promise<string | undefined> {
  return await deps.accounts?.owners.get(name);
}

/**
 * Checks that the caller may read or manage the function `name`.
 * @throws {Forbidden} naming the caller and the function.
 */
export async function requireAccess(
  deps: AdminDeps,
  c: Ctx,
  name: string,
  need: "read" | "manage",
): Promise<void> {
  const p = principalOf(c);
  if (p.role === "admin") return;
  const owner = await ownerOf(deps, name);
  const ok = need === "read" ? mayRead(p, owner) : mayManage(p, owner);
  if (!ok) {
    throw new Forbidden(
      `${describePrincipal(p)} may not ${need === "read" ? "see" : "manage"} "${name}"`,
    );
  }
}

/**
 * Lets the caller manage `name`, claiming it when the function does not exist yet and nobody owns
 * it (a deployer's first deploy, or its secrets set before it): only a PUT or POST claims.
 * `exists` tells whether the function is there.
 * @returns the claim to undo when the first deploy fails (a no-op otherwise).
 * @throws {Forbidden} when someone else owns it, or it exists with no owner and the caller is
 * not an admin.
 */
export async function requireManageOrClaim(
  deps: AdminDeps,
  c: Ctx,
  name: string,
  exists: boolean,
): Promise<() => Promise<void>> {
  const p = principalOf(c);
  const none = () => Promise.resolve();
  if (!deps.accounts || !p.user) {
    if (p.role !== "admin") await requireAccess(deps, c, name, "manage");
    return none;
  }
  const owner = await deps.accounts.owners.get(name);
  if (owner === p.user) return none;
  const writing = c.req.raw.method === "PUT" || c.req.raw.method === "POST";
  if (owner === undefined && !exists && writing && p.role !== "viewer") {
    if (await deps.accounts.owners.claim(name, p.user)) {
      return () => deps.accounts!.owners.set(name, undefined);
    }
  }
  await requireAccess(deps, c, name, "manage");
  return none;
}

/** A filter of the functions the caller may see. */
export async function visibleTo(deps: AdminDeps, c: Ctx): Promise<(name: string) => boolean> {
  const p = principalOf(c);
  if (p.role !== "deployer" || !deps.accounts) return () => true;
  const owners = await deps.accounts.owners.all();
  return (name) => owners.get(name) === p.user;
}
