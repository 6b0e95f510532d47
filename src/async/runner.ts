/**
 * Runs a job's attempts: waits for a place among the function's async runs, marks the job
 * running, calls the function through the same path as a sync call, and stores what follows
 * (done, a retry with back-off, a dead letter, or a wait for the task token).
 */
import type { AsyncBackend, AtomicExtra } from "./backend.ts";
import { readLimited } from "./chunks.ts";
import { endPlan, errorResponse, type StoredResponse } from "./finish.ts";
import { type Job, sha256Hex } from "./job.ts";
import { KeyedLimiter } from "./limiter.ts";
import { decideOutcome } from "./outcome.ts";
import type { AsyncLimits, FunctionAsyncSettings } from "./settings.ts";

/** What the runner needs. */
export interface RunnerDeps {
  backend: AsyncBackend;
  /** Calls the function (the gateway's `/fn` path); answers errors as responses. */
  call(req: Request, job: Job): Promise<Response>;
  settingsOf(fn: string): FunctionAsyncSettings;
  limits: AsyncLimits;
  /** Writes that must commit with a job's end (a store trigger's delivery cursor). */
  endExtra?(job: Job): AtomicExtra | undefined;
  /** Told of every change the runner makes (metrics, the pending index). */
  onChange?(job: Job): void;
}

/** Headers the platform sets on an async call; a caller's own values are dropped. */
export const PLATFORM_HEADERS = [
  "x-denofn-async-id",
  "x-denofn-attempt",
  "x-denofn-trigger",
  "x-denofn-task-token",
] as const;

/** How long closing waits for attempts in flight (they are rescheduled at the next start). */
const CLOSE_WAIT_MS = 1_000;

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(
    /[+/=]/g,
    (c) => c === "+" ? "-" : c === "/" ? "_" : "",
  );
}

/** Builds the request an attempt sends through the gateway. */
export function attemptRequest(
  job: Job,
  body: Uint8Array<ArrayBuffer>,
  taskToken: string,
): Request {
  const headers = new Headers(job.headers);
  headers.set("x-denofn-async-id", job.id);
  headers.set("x-denofn-attempt", String(job.attempts));
  headers.set("x-denofn-trigger", job.trigger);
  headers.set("x-denofn-task-token", taskToken);
  const hasBody = job.method !== "GET" && job.method !== "HEAD";
  return new Request(`http://${job.host}/fn/${job.fn}${job.path}`, {
    method: job.method,
    headers,
    body: hasBody ? body : undefined,
  });
}

/** Runs attempts of jobs. */
export class Runner {
  readonly limiter = new KeyedLimiter();
  readonly #running = new Set<string>();
  #closing = false;
  /** Attempts in flight, by job id. */
  readonly #tasks = new Map<string, Promise<void>>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Handles a `run` message: starts the attempt if the job is due for one (never waits for it). */
  async onRun(id: string, epoch: number): Promise<void> {
    if (this.#closing || this.#running.has(id)) return;
    this.#running.add(id); // before any await: the queue and the fast path may both ask
    let job: Job | undefined;
    try {
      job = await this.deps.backend.get(id);
    } finally {
      if (!job || job.epoch !== epoch || (job.state !== "queued" && job.state !== "retrying")) {
        this.#running.delete(id);
        job = undefined;
      }
    }
    if (!job) return;
    const task = this.#attempt(id, epoch, job.fn)
      .catch((error) => this.#recover(id, error))
      .finally(() => {
        this.#running.delete(id);
        this.#tasks.delete(id);
      });
    this.#tasks.set(id, task);
  }

  /** Settles once this runner's attempt of job `id` (if any) has ended. */
  settled(id: string): Promise<void> {
    return this.#tasks.get(id) ?? Promise.resolve();
  }

  /** Handles a `task-timeout` message: a task never completed ends as a dead letter (504). */
  async onTaskTimeout(id: string, epoch: number): Promise<void> {
    const { backend, limits } = this.deps;
    const job = await backend.update(id, (j) => {
      if (j.epoch !== epoch || j.state !== "waiting") return undefined;
      const s = this.deps.settingsOf(j.fn);
      const res = errorResponse(
        504,
        "task_timed_out",
        `The task of job ${id} was not completed within ${s.taskTimeoutSec} s`,
        j.result?.requestId ?? id,
      );
      return endPlan(j, "dead", res, s, limits, this.deps.endExtra?.(j));
    });
    if (job) this.deps.onChange?.(job);
  }

  /** Jobs this runner is running (or waiting to run) right now. */
  get running(): number {
    return this.#running.size;
  }

  /**
   * Stops starting attempts. Attempts in flight are left as `running`: the next start reschedules
   * them (at-least-once), rather than recording a failure caused by the shutdown.
   */
  async close(): Promise<void> {
    this.#closing = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const capped = new Promise<void>((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)));
    await Promise.race([Promise.allSettled([...this.#tasks.values()]), capped]);
    clearTimeout(timer);
  }

  async #attempt(id: string, epoch: number, fn: string): Promise<void> {
    const { backend } = this.deps;
    const release = await this.limiter.acquire(fn, this.deps.settingsOf(fn).concurrency);
    try {
      if (this.#closing) return;
      const token = randomToken();
      const tokenHash = await sha256Hex(token);
      const startedAt = Date.now();
      const job = await backend.update(id, (j) => {
        if (j.epoch !== epoch || (j.state !== "queued" && j.state !== "retrying")) return undefined;
        return {
          job: {
            ...j,
            state: "running",
            attempts: j.attempts + 1,
            startedAt,
            taskTokenHash: tokenHash,
          },
        };
      });
      if (!job || job.state !== "running" || job.taskTokenHash !== tokenHash) return;
      this.deps.onChange?.(job);
      const body = await backend.body(id, "request");
      const answer = await this.#call(job, body, token, startedAt);
      if (this.#closing) return;
      const ended = await backend.update(id, (j) => {
        if (j.epoch !== epoch || j.state !== "running" || j.taskTokenHash !== tokenHash) {
          return undefined;
        }
        return this.#afterAttempt(j, answer.stored, answer.taskAccepted, answer.retryAfterSec);
      });
      if (ended) this.deps.onChange?.(ended);
    } finally {
      release();
    }
  }

  async #call(job: Job, body: Uint8Array<ArrayBuffer>, token: string, startedAt: number) {
    const queueMs = Math.max(0, startedAt - job.dueAt);
    let res: Response;
    try {
      res = await this.deps.call(attemptRequest(job, body, token), job);
    } catch (error) {
      const stored = errorResponse(502, "async_call_failed", (error as Error).message, job.id);
      return { stored, taskAccepted: false, retryAfterSec: undefined };
    }
    const { bytes, over } = await readLimited(res.body, this.deps.limits.maxResultBytes);
    const requestId = res.headers.get("x-request-id") ?? job.id;
    if (over) {
      const message = `The result is larger than ${this.deps.limits.maxResultBytes} bytes`;
      return {
        stored: errorResponse(502, "result_too_large", message, requestId),
        taskAccepted: false,
        retryAfterSec: undefined,
      };
    }
    const headers = [...res.headers].filter(([k]) =>
      k !== "server-timing" && k !== "content-length"
    );
    const timing = [`async-queue;dur=${queueMs}`, res.headers.get("server-timing")].filter(Boolean);
    headers.push(["server-timing", timing.join(", ")]);
    const stored: StoredResponse = {
      result: {
        status: res.status,
        headers: headers.slice(0, 64),
        bytes: bytes.byteLength,
        requestId,
        queueMs,
        durationMs: Date.now() - startedAt,
      },
      body: bytes,
    };
    const retryAfter = Number(res.headers.get("retry-after"));
    return {
      stored,
      taskAccepted: res.headers.has("x-denofn-task-token"),
      retryAfterSec: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    };
  }

  #afterAttempt(job: Job, res: StoredResponse, taskAccepted: boolean, retryAfterSec?: number) {
    const s = this.deps.settingsOf(job.fn);
    const outcome = decideOutcome({
      status: res.result.status,
      taskAccepted,
      attempts: job.attempts,
      retries: s.retries,
      backoffMs: s.backoffMs,
      retryAfterSec,
    });
    const now = Date.now();
    switch (outcome.kind) {
      case "wait":
        return {
          job: { ...job, state: "waiting" as const, result: undefined },
          work: [{ kind: "task-timeout" as const, delayMs: s.taskTimeoutSec * 1000 }],
        };
      case "retry":
        return {
          job: {
            ...job,
            state: "retrying" as const,
            dueAt: now + outcome.delayMs,
            taskTokenHash: undefined,
            lastError: `status ${res.result.status}`,
          },
          work: [{ kind: "run" as const, delayMs: outcome.delayMs }],
        };
      default: {
        const extra = this.deps.endExtra?.(job);
        return endPlan(job, outcome.kind, res, s, this.deps.limits, extra, now);
      }
    }
  }

  /** An attempt failed inside the platform (not the function): try again in a second. */
  async #recover(id: string, error: unknown): Promise<void> {
    console.error(`[async] job ${id} failed inside the platform: ${(error as Error).message}`);
    if (this.#closing) return;
    await this.deps.backend.update(
      id,
      (j) =>
        j.state === "running" || j.state === "queued" || j.state === "retrying"
          ? {
            job: { ...j, state: "retrying", epoch: j.epoch + 1, dueAt: Date.now() + 1_000 },
            work: [{ kind: "run", delayMs: 1_000 }],
          }
          : undefined,
    ).catch(() => {});
  }
}
