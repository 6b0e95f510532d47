/** `GET /functions`, `GET|DELETE /functions/:name`, `POST /functions/:name/restart`. */
import type { Hono } from "hono";
import { join } from "node:path";
import { FunctionNotFound } from "../errors/mod.ts";
import type { AdminDeps, DeployLocks } from "./deps.ts";
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

  app.get("/functions", async (c) => {
    const records = [...await platform.records()].sort((a, b) => a.name.localeCompare(b.name));
    return c.json({ functions: records.map((r) => statusOf(deps, locks, r)) });
  });

  app.get("/functions/:name", async (c) => {
    return c.json(detailOf(deps, locks, await known(c.req.param("name"))));
  });

  app.delete("/functions/:name", async (c) => {
    const name = parseInput(nameSchema, c.req.param("name"));
    const record = await platform.record(name);
    const dir = join(platform.registryInDir, name);
    const hasDir = await Deno.stat(dir).then(() => true, () => false);
    if (!record && !hasDir) throw new FunctionNotFound(name);
    if (locks.has(name)) throw new Conflict(`A deploy of "${name}" is in progress`, name);
    locks.add(name);
    try {
      if (hasDir) await Deno.remove(dir, { recursive: true });
      await platform.remove(name);
    } finally {
      locks.delete(name);
    }
    deps.counters?.forget(name);
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
    const stopped = platform.instances(record.name).length;
    await platform.restart(record.name);
    return c.json({ name: record.name, restarted: true, stoppedInstances: stopped });
  });
}
