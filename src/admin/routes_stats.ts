/** `GET /stats`: per-minute calls, errors, cold starts and p50/p99 latency, from the history. */
import type { Hono } from "hono";
import { z } from "zod";
import { requireAccess, visibleTo } from "./access.ts";
import type { AdminDeps } from "./deps.ts";
import { computeStats } from "./stats.ts";
import { nameSchema, parseInput } from "./validate.ts";

const statsQuerySchema = z.strictObject({
  function: nameSchema.optional(),
  minutes: z.coerce.number().int().min(1).max(24 * 60).default(60),
  recent: z.coerce.number().int().min(1).max(24 * 60).default(5),
});

/** Every record the history keeps (its own cap bounds the work). */
const ALL = 1_000_000;

/** Mounts the stats route. */
export function mountStatsRoute(app: Hono, deps: AdminDeps): void {
  app.get("/stats", async (c) => {
    const q = parseInput(statsQuerySchema, c.req.query());
    if (q.function) await requireAccess(deps, c, q.function, "read");
    const visible = await visibleTo(deps, c); // a deployer's figures cover its functions only
    const records = deps.history.list({ function: q.function, limit: ALL })
      .filter((r) => visible(r.fn));
    return c.json(computeStats(records, {
      now: Date.now(),
      minutes: q.minutes,
      recentMinutes: q.recent,
      function: q.function,
    }));
  });
}
