/**
 * `GET /functions/:name/logs` (JSON or Server-Sent Events), `GET /history[/:requestId]`. A
 * deployer reads the logs and history of its own functions only.
 */
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { FunctionNotFound } from "../errors/mod.ts";
import type { AdminDeps } from "./deps.ts";
import { NotFound } from "./errors.ts";
import { historyQuerySchema, logsQuerySchema, nameSchema, parseInput } from "./validate.ts";
import { requireAccess, visibleTo } from "./access.ts";

/** Seconds between SSE keep-alive comments. */
const HEARTBEAT_MS = 15_000;

/** Mounts the logs and history routes. */
export function mountObserveRoutes(app: Hono, deps: AdminDeps): void {
  app.get("/functions/:name/logs", async (c) => {
    const name = parseInput(nameSchema, c.req.param("name"));
    const q = parseInput(logsQuerySchema, c.req.query());
    await requireAccess(deps, c, name, "read");
    if (
      deps.logs.query(name, { limit: 1 }).length === 0 && !(await deps.platform.record(name))
    ) {
      throw new FunctionNotFound(name);
    }
    const stop = new AbortController();
    // Query and subscribe with no await between: no line is lost or sent twice.
    const lines = deps.logs.query(name, { since: q.since, limit: q.limit, requestId: q.request });
    if (!q.follow) return c.json({ function: name, lines });
    const live = deps.logs.follow(name, stop.signal);
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => stop.abort());
      c.req.raw.signal.addEventListener("abort", () => stop.abort());
      const heartbeat = setInterval(() => {
        stream.write(": keep-alive\n\n").catch(() => stop.abort());
      }, HEARTBEAT_MS);
      try {
        for (const line of lines) {
          await stream.writeSSE({ event: "log", data: JSON.stringify(line) });
        }
        await stream.writeSSE({ event: "ready", data: "{}" });
        for await (const line of live) {
          if (q.request && line.requestId !== q.request) continue;
          await stream.writeSSE({ event: "log", data: JSON.stringify(line) });
        }
      } finally {
        clearInterval(heartbeat);
        stop.abort();
      }
    }, (error) => {
      console.error(`[admin] log stream of ${name} failed: ${error.message}`);
      return Promise.resolve();
    });
  });

  app.get("/history", async (c) => {
    const q = parseInput(historyQuerySchema, c.req.query());
    if (q.function) await requireAccess(deps, c, q.function, "read");
    const visible = await visibleTo(deps, c);
    const all = visible("") || q.function !== undefined;
    const records = deps.history.list({
      function: q.function,
      status: q.status,
      limit: all ? q.limit : 10_000,
    });
    return c.json({
      records: all ? records : records.filter((r) => visible(r.fn)).slice(0, q.limit),
    });
  });

  app.get("/history/:requestId", async (c) => {
    const id = c.req.param("requestId");
    const record = deps.history.get(id);
    if (!record) throw new NotFound(`No invocation with request id "${id}" in history`);
    await requireAccess(deps, c, record.fn, "read");
    return c.json(record);
  });
}
