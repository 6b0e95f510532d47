/**
 * `GET /functions`, `GET|DELETE /functions/:name`, `POST /functions/:name/restart`. A deployer
 * sees and manages only its own functions; each view says who owns the function.
 */
import type { Hono } from "hono";
import { join } from "node:path";
import { FunctionNotFound } from "../errors/mod.ts";
import type { AdminDeps, DeployLocks } from "./deps.ts";
import { ownerOf, requireAccess, visibleTo } from "./access.ts";
import { Conflict } from "./errors.ts";
import { nameSchema, parseInput } from "./validate.ts";
import { detailOf, statusOf } from "./views.ts";

/** Mounts the function listing and control routes. */
export function mountFunctionRoutes(app: Hono, deps: AdminDeps, locks: DeployLocks): void {
  const { platform } = deps;
  const known = async (name: string) => {
    const record = await platform.record(parseInput(nameSchema, name));
    if (!record) throw new FunctionNotFound(name);
    return record;
  };
  const owners = async () => (await deps.accounts?.owners.all()) ?? new Map<string, string>();

  app.get("/functions", async (c) => {
    const visible = await visibleTo(deps, c);
    const owner = await owners();
    const records = [...await platform.records()].filter((r) => visible(r.name))
      .sort((a, b) => a.name.localeCompare(b.name));
    return c.json({
      functions: records.map((r) => ({ ...statusOf(deps, locks, r), owner: owner.get(r.name) })),
    });
  });

  app.get("/functions/:name", async (c) => {
    const record = await known(c.req.param("name"));
    await requireAccess(deps, c, record.name, "read");
    return c.json({ ...detailOf(deps, locks, record), owner: await ownerOf(deps, record.name) });
  });

  app.delete("/functions/:name", async (c) => {
    const name = parseInput(nameSchema, c.req.param("name"));
    const record = await platform.record(name);
    const dir = join(platform.registryInDir, name);
    const hasDir = await Deno.stat(dir).then(() => true, () => false);
    if (!record && !hasDir) throw new FunctionNotFound(name);
    await requireAccess(deps, c, name, "manage");
    if (locks.has(name)) throw new Conflict(`A deploy of "${name}" is in progress`, name);
    locks.add(name);
    try {
      if (hasDir) await Deno.remove(dir, { recursive: true });
      await platform.remove(name);
    } finally {
      locks.delete(name);
    }
    deps.counters?.forget(name);
    // Its owner, keys and secrets go with it: a later function of that name starts clean.
    await deps.accounts?.forgetFunction(name);
    await deps.secrets?.deleteAll(name);
    deps.logs.write({
      ts: Date.now(),
      fn: name,
      instance: "admin",
      stream: "system",
      line: "removed by the admin API",
    });
    return c.json({ name, removed: true });
  });

  app.post("/functions/:name/restart", async (c) => {
    const record = await known(c.req.param("name"));
    await requireAccess(deps, c, record.name, "manage");
    const stopped = platform.instances(record.name).length;
    await platform.restart(record.name);
    return c.json({ name: record.name, restarted: true, stoppedInstances: stopped });
  });
}
