/**
 * The async part of the platform: takes jobs (from `/async/fn`, schedules and store triggers),
 * runs them through the runner, delivers callbacks, completes tasks, lists and replays dead
 * letters, and after a restart reschedules every job that still has work (at-least-once: an
 * attempt that was running when the process died runs again).
 */
import { BadRequest, FunctionBusy } from "../errors/mod.ts";
import type { AsyncBackend, AtomicExtra, JobQuery } from "./backend.ts";
import type { CallbackPolicy } from "./callback_policy.ts";
import { callbackUrlProblem } from "./callback_policy.ts";
import { deliverCallback } from "./callbacks.ts";
import { JobConflict, JobNotFound, TaskTokenRefused } from "./errors.ts";
import { endPlan, pendingCallback, type StoredResponse } from "./finish.ts";
import {
  isFinished,
  type Job,
  type JobEvent,
  type JobRequest,
  newJobId,
  PENDING_STATES,
  sha256Hex,
} from "./job.ts";
import { Runner } from "./runner.ts";
import type { AsyncLimits, FunctionAsyncSettings } from "./settings.ts";
import { tokensEqual } from "../util/bearer.ts";

/** A job to create. */
export interface NewJob extends JobRequest {
  body: Uint8Array;
  callbackUrl?: string;
  idempotencyKey?: string;
  /** A derived id (cron tick, store change): created once however often it is asked for. */
  id?: string;
  event?: JobEvent;
}

/** Observes the async part (metrics). */
export interface AsyncObserver {
  onEnqueued?(job: Job): void;
  onAttemptEnd?(job: Job): void;
  onCallback?(job: Job, ok: boolean): void;
}

/** What the service is made of. */
export interface AsyncServiceOptions {
  backend: AsyncBackend;
  call(req: Request, job: Job): Promise<Response>;
  settingsOf(fn: string): FunctionAsyncSettings;
  limits: AsyncLimits;
  callbackPolicy: CallbackPolicy;
  endExtra?(job: Job): AtomicExtra | undefined;
  /** Told once a job has ended (done, dead or deleted), after the commit. */
  onEnded?(job: Job): Promise<void> | void;
  observer?: AsyncObserver;
}

/** Pending jobs of this process, per function (for 429s and metrics). */
interface PendingEntry {
  fn: string;
  createdAt: number;
}

/** The async service. */
export class AsyncService {
  readonly runner: Runner;
  readonly #pending = new Map<string, PendingEntry>();
  readonly #delivering = new Set<string>();
  #sweep: ReturnType<typeof setInterval> | undefined;

  /**
   * Queue messages are the durable path of every step; in this process a step that is due now
   * also starts at once (the message, when it comes, finds the step done and drops it), which
   * spares a queue hop per step. Handlers check state and epoch, so either order is safe.
   */
  constructor(private readonly o: AsyncServiceOptions) {
    this.runner = new Runner({
      backend: o.backend,
      call: o.call,
      settingsOf: o.settingsOf,
      limits: o.limits,
      endExtra: o.endExtra,
      onChange: (job) => {
        this.#track(job);
        if (job.state !== "running") o.observer?.onAttemptEnd?.(job);
      },
    });
    const holds = o.backend.holdsWork === true;
    o.backend.onWork("run", async (id, epoch) => {
      await this.runner.onRun(id, epoch);
      if (holds) await this.runner.settled(id); // the held message is acknowledged after it
    });
    o.backend.onWork("task-timeout", (id, epoch) => this.runner.onTaskTimeout(id, epoch));
    o.backend.onWork("callback", (id, epoch) => this.#deliver(id, epoch));
  }

  /** Delivers a callback, once at a time per job in this process. */
  async #deliver(id: string, epoch: number): Promise<void> {
    if (this.#delivering.has(id)) return;
    this.#delivering.add(id);
    try {
      await deliverCallback(
        {
          backend: this.o.backend,
          policy: this.o.callbackPolicy,
          limits: this.o.limits,
          onChange: (job) => this.#track(job),
          onAttempt: (job, ok) => this.o.observer?.onCallback?.(job, ok),
        },
        id,
        epoch,
      );
    } finally {
      this.#delivering.delete(id);
    }
  }

  /** Starts what is due now without waiting for the queue (see the constructor). */
  #fastPath(job: Job): void {
    if (this.o.backend.holdsWork) return; // every step goes through the held queue message
    const run = (job.state === "queued" || job.state === "retrying") && job.dueAt <= Date.now();
    const step = run
      ? this.runner.onRun(job.id, job.epoch)
      : isFinished(job) && job.callback?.state === "pending" && job.callback.attempts === 0
      ? this.#deliver(job.id, job.epoch)
      : undefined;
    step?.catch((e) => console.error(`[async] job ${job.id}: ${(e as Error).message}`));
  }

  /** Reschedules every job with work ahead under a new epoch; call before the queue starts. */
  async recover(): Promise<number> {
    let count = 0;
    for await (const job of this.o.backend.pending()) {
      const now = Date.now();
      const updated = await this.o.backend.update(job.id, (j) => {
        const next = { ...j, epoch: j.epoch + 1 };
        if (j.state === "waiting") {
          const due = (j.startedAt ?? now) + this.o.settingsOf(j.fn).taskTimeoutSec * 1000;
          return { job: next, work: [{ kind: "task-timeout", delayMs: due - now }] };
        }
        if (PENDING_STATES.includes(j.state)) {
          const state = j.attempts === 0 ? "queued" as const : "retrying" as const;
          const dueAt = j.state === "running" ? now : Math.max(now, j.dueAt);
          return {
            job: { ...next, state, dueAt, taskTokenHash: undefined },
            work: [{ kind: "run", delayMs: dueAt - now }],
          };
        }
        if (j.callback?.state === "pending") {
          return { job: next, work: [{ kind: "callback", delayMs: 0 }] };
        }
        return undefined;
      });
      if (updated) this.#track(updated), count++;
    }
    return count;
  }

  /** Sweeps jobs whose queue message Deno KV gave up on into the dead letters, every `ms`. */
  startSweeping(ms = 30_000): void {
    this.#sweep = setInterval(() => void this.sweepUndelivered().catch(() => {}), ms);
    Deno.unrefTimer(this.#sweep as unknown as number);
  }

  /** Ends every job whose message could not be delivered as a dead letter. */
  async sweepUndelivered(): Promise<void> {
    for await (const id of this.o.backend.undelivered()) {
      await this.o.backend.update(id, (j) => {
        if (isFinished(j)) return undefined;
        const s = this.o.settingsOf(j.fn);
        const body = new TextEncoder().encode(JSON.stringify({
          error: "The queue gave up delivering this job",
          code: "undelivered",
        }));
        const res: StoredResponse = {
          result: {
            status: 500,
            headers: [["content-type", "application/json"]],
            bytes: body.byteLength,
            requestId: j.id,
            queueMs: 0,
            durationMs: 0,
          },
          body,
        };
        return endPlan(j, "dead", res, s, this.o.limits, this.o.endExtra?.(j));
      });
    }
  }

  /** Creates a job; 429 when the function has `async.maxQueued` jobs pending here already. */
  async enqueue(input: NewJob): Promise<{ job: Job; created: boolean }> {
    const s = this.o.settingsOf(input.fn);
    if (this.pendingOf(input.fn) >= s.maxQueued && !input.id) {
      throw new FunctionBusy(
        input.fn,
        `Function "${input.fn}" has ${s.maxQueued} async jobs pending (async.maxQueued)`,
      );
    }
    if (input.callbackUrl) {
      const problem = await callbackUrlProblem(input.callbackUrl, this.o.callbackPolicy);
      if (problem) throw new BadRequest(`X-Callback-Url ${problem}`, input.fn);
    }
    const now = Date.now();
    const job: Job = {
      id: input.id ?? newJobId(now),
      fn: input.fn,
      trigger: input.trigger,
      method: input.method,
      path: input.path,
      host: input.host,
      headers: input.headers,
      bodyBytes: input.body.byteLength,
      state: "queued",
      attempts: 0,
      epoch: 0,
      createdAt: now,
      dueAt: now,
      callback: input.callbackUrl
        ? { url: input.callbackUrl, state: "pending", attempts: 0 }
        : undefined,
      idempotencyKey: input.idempotencyKey,
      event: input.event,
    };
    if (job.callback) job.callback.state = "pending";
    const out = await this.o.backend.create(job, input.body, {
      idempotencyKey: input.idempotencyKey,
      idempotencyTtlMs: s.resultTtlSec * 1000,
      unique: input.id !== undefined,
    });
    if (out.created) {
      this.#track(out.job);
      this.#fastPath(out.job);
      this.o.observer?.onEnqueued?.(out.job);
    }
    return out;
  }

  /** The job, or 404. */
  async get(id: string): Promise<Job> {
    const job = await this.o.backend.get(id);
    if (!job) throw new JobNotFound(id);
    return job;
  }

  /** The stored response body of a finished job. */
  resultBody(id: string): Promise<Uint8Array<ArrayBuffer>> {
    return this.o.backend.body(id, "result");
  }

  /**
   * Cancels a job that has not started (queued, retrying, waiting), or deletes a finished one
   * with its result. 409 while an attempt runs.
   */
  async cancel(id: string): Promise<void> {
    let conflict = false;
    let found = false;
    let job: Job | undefined;
    await this.o.backend.update(id, (j) => {
      found = true;
      job = j;
      conflict = j.state === "running";
      return conflict ? undefined : { job: null, extra: this.o.endExtra?.(j) };
    });
    if (!found) throw new JobNotFound(id);
    if (conflict) throw new JobConflict(`Job ${id} is running; it can be deleted once it ends`);
    if (job) this.#ended(job);
    this.#pending.delete(id);
  }

  /** Completes a waiting task with `res` when `token` is the one the attempt was given. */
  async complete(id: string, token: string, res: StoredResponse): Promise<Job> {
    const hash = await sha256Hex(token);
    let problem: "token" | "state" | undefined;
    const job = await this.o.backend.update(id, (j) => {
      problem = j.state !== "waiting"
        ? "state"
        : !tokensEqual(hash, j.taskTokenHash ?? "")
        ? "token"
        : undefined;
      if (problem) return undefined;
      const extra = this.o.endExtra?.(j);
      return endPlan(j, "done", res, this.o.settingsOf(j.fn), this.o.limits, extra);
    });
    if (!job) throw new JobNotFound(id);
    if (problem === "token") {
      throw new TaskTokenRefused();
    }
    if (problem === "state") throw new JobConflict(`Job ${id} is ${job.state}, not waiting`);
    this.#track(job);
    this.o.observer?.onAttemptEnd?.(job);
    return job;
  }

  /** Runs a dead letter again from scratch (attempts reset, result dropped). */
  async replay(id: string): Promise<Job> {
    let state: string | undefined;
    const job = await this.o.backend.update(id, (j) => {
      state = j.state;
      if (j.state !== "dead") return undefined;
      const now = Date.now();
      const callback = pendingCallback(j);
      return {
        job: {
          ...j,
          state: "queued",
          attempts: 0,
          epoch: j.epoch + 1,
          dueAt: now,
          finishedAt: undefined,
          expiresAt: undefined,
          result: undefined,
          lastError: undefined,
          callback,
          replays: (j.replays ?? 0) + 1,
        },
        work: [{ kind: "run", delayMs: 0 }],
      };
    });
    if (!job) throw new JobNotFound(id);
    if (state !== "dead") throw new JobConflict(`Job ${id} is ${state}, not a dead letter`);
    this.#track(job);
    this.#fastPath(job);
    return job;
  }

  /** Replays every dead letter (of one function); returns the replayed ids. */
  async replayAll(fn?: string, limit = 1_000): Promise<string[]> {
    const ids: string[] = [];
    for (const job of await this.o.backend.deadLetters({ fn, limit })) {
      try {
        ids.push((await this.replay(job.id)).id);
      } catch (error) {
        if (!(error instanceof JobConflict)) throw error;
      }
    }
    return ids;
  }

  /** Jobs, newest first. */
  list(query: JobQuery): Promise<Job[]> {
    return this.o.backend.list(query);
  }

  /** Dead letters, newest first. */
  deadLetters(query: JobQuery): Promise<Job[]> {
    return this.o.backend.deadLetters(query);
  }

  /** Jobs of `fn` with work ahead, known to this process. */
  pendingOf(fn: string): number {
    let n = 0;
    for (const e of this.#pending.values()) if (e.fn === fn) n++;
    return n;
  }

  /** Per function: pending jobs and the age of the oldest, seconds. */
  depth(now = Date.now()): Record<string, { pending: number; oldestAgeSec: number }> {
    const out: Record<string, { pending: number; oldestAgeSec: number }> = {};
    for (const e of this.#pending.values()) {
      const d = out[e.fn] ??= { pending: 0, oldestAgeSec: 0 };
      d.pending++;
      d.oldestAgeSec = Math.max(d.oldestAgeSec, (now - e.createdAt) / 1000);
    }
    return out;
  }

  /** Stops sweeping and starting attempts; waits for attempts in flight. */
  async close(): Promise<void> {
    if (this.#sweep !== undefined) clearInterval(this.#sweep);
    await this.runner.close();
  }

  #track(job: Job): void {
    if (isFinished(job)) this.#fastPath(job);
    if (PENDING_STATES.includes(job.state)) {
      this.#pending.set(job.id, { fn: job.fn, createdAt: job.createdAt });
      return;
    }
    const wasPending = this.#pending.delete(job.id);
    if (wasPending) this.#ended(job);
  }

  #ended(job: Job): void {
    try {
      Promise.resolve(this.o.onEnded?.(job)).catch((e) =>
        console.error(`[async] after job ${job.id} ended: ${(e as Error).message}`)
      );
    } catch (e) {
      console.error(`[async] after job ${job.id} ended: ${(e as Error).message}`);
    }
  }
}
