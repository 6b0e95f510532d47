/**
 * Async jobs in the admin API: `GET /async/jobs[/:id]`, `GET /async/dead`, and replay of dead
 * letters — one (`POST /async/dead/:id/replay`) or all (`POST /async/dead/replay`) — plus
 * `DELETE /async/dead/:id` to discard one.
 */
import type { Hono } from "hono";
import { z } from "zod";
import { type AsyncService, type Job, JOB_ID_PATTERN } from "../async/mod.ts";
import { NotFound } from "./errors.ts";
import { nameSchema, parseInput } from "./validate.ts";

const STATES = ["queued", "running", "retrying", "waiting", "done", "dead"] as const;

const jobsQuerySchema = z.strictObject({
  function: nameSchema.optional(),
  state: z.enum(STATES).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(50),
});

const deadQuerySchema = z.strictObject({
  function: nameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(50),
});

/** A job as the admin API shows it (without the task token's hash). */
export function jobView(job: Job) {
  const { taskTokenHash: _hash, headers, ...rest } = job;
  return { ...rest, headers: headers.filter(([k]) => k !== "authorization" && k !== "cookie") };
}

function idOf(id: string): string {
  if (!JOB_ID_PATTERN.test(id)) throw new NotFound(`No async job "${id.slice(0, 80)}"`);
  return id;
}

/** Mounts the async routes on the admin app. */
export function mountAsyncRoutes(app: Hono, service: AsyncService): void {
  app.get("/async/jobs", async (c) => {
    const q = parseInput(jobsQuerySchema, c.req.query());
    const jobs = await service.list({ fn: q.function, state: q.state, limit: q.limit });
    return c.json({ jobs: jobs.map(jobView) });
  });

  app.get("/async/jobs/:id", async (c) => {
    return c.json(jobView(await service.get(idOf(c.req.param("id")))));
  });

  app.get("/async/dead", async (c) => {
    const q = parseInput(deadQuerySchema, c.req.query());
    const jobs = await service.deadLetters({ fn: q.function, limit: q.limit });
    return c.json({ jobs: jobs.map(jobView) });
  });

  app.post("/async/dead/replay", async (c) => {
    const q = parseInput(deadQuerySchema, c.req.query());
    return c.json({ replayed: await service.replayAll(q.function, q.limit) });
  });

  app.post("/async/dead/:id/replay", async (c) => {
    const job = await service.replay(idOf(c.req.param("id")));
    return c.json({ id: job.id, state: job.state, replays: job.replays });
  });

  app.delete("/async/dead/:id", async (c) => {
    const job = await service.get(idOf(c.req.param("id")));
    if (job.state !== "dead") throw new NotFound(`Job ${job.id} is not a dead letter`);
    await service.cancel(job.id);
    return c.body(null, 204);
  });
}
