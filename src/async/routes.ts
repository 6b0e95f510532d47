/**
 * The gateway's async routes:
 * - `ANY /async/fn/<name>[/<rest>]`: store the request, answer `202 {"id"}` + `Location`;
 * - `GET /async/<id>`: `202 {"state", "attempts"}` while pending, then the stored response;
 * - `DELETE /async/<id>`: cancel a job that has not started, or delete a finished one;
 * - `POST /async/<id>/complete`: finish a waiting task (`X-Denofn-Task-Token`, `X-Denofn-Status`).
 */
import type { Hono } from "hono";
import {
  BadRequest,
  FunctionNotFound,
  FunctionNotReady,
  PayloadTooLarge,
  PlatformStarting,
} from "../errors/mod.ts";
import { isValidFunctionName } from "../manifest/mod.ts";
import { readLimited } from "./chunks.ts";
import { JobNotFound } from "./errors.ts";
import { isFinished, type Job, JOB_ID_PATTERN } from "./job.ts";
import { idempotencyKeyOf, methodOf, splitAsyncPath, storedHeaders } from "./request_codec.ts";
import type { AsyncService } from "./service.ts";

/** What the routes need besides the service. */
export interface AsyncRouteDeps {
  service: AsyncService;
  /** The function's body limit when it can take calls; `undefined` when unknown. */
  lookup(name: string): { maxBodyBytes: number; ready: boolean } | undefined;
  /** Whether the registry finished its first scan (else unknown names are 503, not 404). */
  ready(): boolean | Promise<boolean>;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  maxResultBytes: number;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/** The pending view of a job (`GET /async/<id>` while it is not finished). */
export function pendingView(job: Job) {
  return {
    id: job.id,
    function: job.fn,
    state: job.state,
    attempts: job.attempts,
    createdAt: job.createdAt,
    dueAt: job.state === "retrying" ? job.dueAt : undefined,
    lastError: job.lastError,
  };
}

// deno-lint-ignore no-explicit-any
type AnyHono = Hono<any>;

/** Mounts the async routes on the gateway app. */
export function mountAsyncRoutes(app: AnyHono, deps: AsyncRouteDeps): void {
  const enqueue = async (c: { req: { raw: Request } }) => {
    const req = c.req.raw;
    const url = new URL(req.url);
    const { name, rest } = splitAsyncPath(url);
    if (!isValidFunctionName(name)) {
      throw new BadRequest(`"${name.slice(0, 80)}" is not a valid function name`);
    }
    const fn = deps.lookup(name);
    if (!fn) throw (await deps.ready()) ? new FunctionNotFound(name) : new PlatformStarting();
    if (!fn.ready) throw new FunctionNotReady(name, `Function "${name}" is not built`);
    const limit = Math.min(fn.maxBodyBytes, deps.maxBodyBytes);
    const declared = Number(req.headers.get("content-length") ?? 0);
    if (declared > limit) throw new PayloadTooLarge(name, limit);
    const method = methodOf(req, name);
    const headers = storedHeaders(req.headers, deps.maxHeaderBytes, name);
    const idempotencyKey = idempotencyKeyOf(req, name);
    const { bytes, over } = await readLimited(req.body, limit);
    if (over) throw new PayloadTooLarge(name, limit);
    const { job, created } = await deps.service.enqueue({
      fn: name,
      trigger: "async",
      method,
      path: rest,
      host: url.host,
      headers,
      body: bytes,
      callbackUrl: req.headers.get("x-callback-url") ?? undefined,
      idempotencyKey,
    });
    const location = `/async/${job.id}`;
    const answer: Record<string, string> = { location, "x-denofn-async-id": job.id };
    if (!created) answer["idempotent-replayed"] = "true";
    return Response.json({ id: job.id, state: job.state }, { status: 202, headers: answer });
  };
  app.all("/async/fn/:name", enqueue);
  app.all("/async/fn/:name/*", enqueue);

  const idOf = (c: { req: { param(k: string): string } }) => {
    const id = c.req.param("id");
    if (!JOB_ID_PATTERN.test(id)) throw new JobNotFound(id);
    return id;
  };

  app.get("/async/:id", async (c) => {
    const job = await deps.service.get(idOf(c));
    if (!isFinished(job) || !job.result) {
      return c.json(pendingView(job), 202, { "x-denofn-async-state": job.state });
    }
    const body = await deps.service.resultBody(job.id);
    const headers = new Headers(job.result.headers);
    headers.set("x-denofn-async-id", job.id);
    headers.set("x-denofn-async-state", job.state);
    headers.set("x-denofn-attempts", String(job.attempts));
    headers.set("x-request-id", job.result.requestId);
    const status = job.result.status;
    return new Response(NULL_BODY.has(status) ? null : body, { status, headers });
  });

  app.delete("/async/:id", async (c) => {
    await deps.service.cancel(idOf(c));
    return c.body(null, 204);
  });

  app.post("/async/:id/complete", async (c) => {
    const id = idOf(c);
    const token = c.req.header("x-denofn-task-token");
    if (!token) throw new BadRequest("POST /async/<id>/complete needs X-Denofn-Task-Token");
    const statusText = c.req.header("x-denofn-status") ?? "200";
    const status = Number(statusText);
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new BadRequest("X-Denofn-Status must be a status from 200 to 599");
    }
    const { bytes, over } = await readLimited(c.req.raw.body, deps.maxResultBytes);
    if (over) throw new BadRequest(`The result is larger than ${deps.maxResultBytes} bytes`);
    const type = c.req.header("content-type");
    const job = await deps.service.complete(id, token, {
      result: {
        status,
        headers: type ? [["content-type", type]] : [],
        bytes: bytes.byteLength,
        requestId: c.req.header("x-request-id")?.slice(0, 128) ?? id,
        queueMs: 0,
        durationMs: 0,
      },
      body: bytes,
    });
    return c.json({ id: job.id, state: job.state });
  });
}
