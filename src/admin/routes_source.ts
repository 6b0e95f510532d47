/**
 * A function's source folder: `GET /functions/:name/source` answers it as a `.tar.gz` (what a
 * deploy takes, so a client can change a file and deploy it back), and
 * `POST /functions/:name/rebuild` builds it again from `registry_in/` and answers the outcome.
 */
import type { Hono } from "hono";
import { join } from "node:path";
import { FunctionNotFound } from "../errors/mod.ts";
import { requireAccess } from "./access.ts";
import type { AdminDeps, DeployLocks } from "./deps.ts";
import { Conflict } from "./errors.ts";
import { packDir } from "./tar/mod.ts";
import { nameSchema, parseInput } from "./validate.ts";

/** Mounts the source and rebuild routes. */
export function mountSourceRoutes(app: Hono, deps: AdminDeps, locks: DeployLocks): void {
  // Both need the right to manage the function: its source may hold more than its callers see.
  const folderOf = async (c: { req: { raw: Request } }, raw: string) => {
    const name = parseInput(nameSchema, raw);
    await requireAccess(deps, c, name, "manage");
    const dir = join(deps.platform.registryInDir, name);
    const isDir = await Deno.stat(dir).then((s) => s.isDirectory, () => false);
    if (!isDir) throw new FunctionNotFound(name);
    return { name, dir };
  };

  app.get("/functions/:name/source", async (c) => {
    const { name, dir } = await folderOf(c, c.req.param("name"));
    const packed = await packDir(dir);
    return c.body(packed.bytes.slice().buffer, 200, {
      "content-type": "application/gzip",
      "content-disposition": `attachment; filename="${name}.tar.gz"`,
      "x-denofn-files": String(packed.files),
    });
  });

  app.post("/functions/:name/rebuild", async (c) => {
    const { name } = await folderOf(c, c.req.param("name"));
    if (locks.has(name)) throw new Conflict(`A deploy of "${name}" is in progress`, name);
    locks.add(name);
    try {
      const started = Date.now();
      const record = await deps.platform.rebuild(name);
      const ok = record?.status === "ready" && !record.failedBuild;
      const error = record?.failedBuild?.error ?? record?.error;
      deps.logs.write({
        ts: Date.now(),
        fn: name,
        instance: "build",
        stream: "system",
        line: `rebuild by the admin API: ${ok ? "ready" : `failed: ${error ?? "unknown"}`}`,
      });
      return c.json({
        name,
        build: {
          status: ok ? "ready" : "failed",
          error: ok ? undefined : error ?? "The platform did not register the function",
          hash: record?.hash,
          builtAt: record?.builtAt,
          buildMs: record?.buildMs,
          tookMs: Date.now() - started,
        },
      }, ok ? 200 : 422);
    } finally {
      locks.delete(name);
    }
  });
}
