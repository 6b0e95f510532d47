/**
 * An async invocation as it is stored: the whole request, its state, and (once finished) the
 * function's response. Bodies live beside the record in chunks (see `kv_backend.ts`).
 */

/** Where a job came from (also the `X-Denofn-Trigger` header the function sees). */
export type JobTrigger = "async" | "cron" | "store";

/**
 * `queued` → `running` → `done`, or → `retrying` → `running` ... → `dead` after the last retry;
 * `waiting` after the function answered 202 with a task token, until someone completes it.
 */
export type JobState = "queued" | "running" | "retrying" | "waiting" | "done" | "dead";

/** States in which the job still has work ahead of it. */
export const PENDING_STATES: readonly JobState[] = ["queued", "running", "retrying", "waiting"];

/** The stored response of a finished (or dead) job. */
export interface JobResult {
  status: number;
  headers: [string, string][];
  /** Body size in bytes (the body is stored in chunks). */
  bytes: number;
  /** Tag of the stored body (see `blobs.ts`). */
  blob: string;
  /** Request id of the attempt that produced it. */
  requestId: string;
  /** Wait from enqueue (or the retry's due time) to the start of that attempt, ms. */
  queueMs: number;
  durationMs: number;
}

/** Delivery of the result to `X-Callback-Url`. */
export interface CallbackState {
  url: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus?: number;
  lastError?: string;
}

/** The change a store trigger delivers (for ordering and display). */
export interface JobEvent {
  collection: string;
  id: string;
  version: number;
  event: "created" | "updated" | "deleted";
  /** Position of this change among the changes of this document delivered to this function. */
  seq: number;
}

/** The request an async invocation makes (a {@link Job} and a job to create both have it). */
export interface JobRequest {
  fn: string;
  trigger: JobTrigger;
  method: string;
  /** Function-relative path with query, e.g. `/items?x=1`. */
  path: string;
  /** Host the request came to (the function sees it as `x-forwarded-host`). */
  host: string;
  headers: [string, string][];
}

/** One async invocation. */
export interface Job extends JobRequest {
  id: string;
  bodyBytes: number;
  state: JobState;
  attempts: number;
  /** Bumped whenever the job is (re)scheduled from scratch; older queue messages are stale. */
  epoch: number;
  createdAt: number;
  /** When the next attempt is due (queued and retrying). */
  dueAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** After this the result is gone (GET answers 404). */
  expiresAt?: number;
  lastError?: string;
  result?: JobResult;
  callback?: CallbackState;
  /** SHA-256 (hex) of the task token of the running attempt. */
  taskTokenHash?: string;
  idempotencyKey?: string;
  event?: JobEvent;
  /** How many times it was replayed from the dead letters. */
  replays?: number;
}

/** Whether the job has finished for good (`done` or `dead`). */
export function isFinished(job: Job): boolean {
  return job.state === "done" || job.state === "dead";
}

/**
 * A new job id: time-ordered (so listings come out oldest to newest) and unguessable (the id is
 * what lets a caller read the result).
 */
export function newJobId(now = Date.now()): string {
  const random = crypto.getRandomValues(new Uint8Array(12));
  const hex = Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${now.toString(36).padStart(9, "0")}${hex}`;
}

/** Ids accepted from URLs: what {@link newJobId} and the derived ids of cron and triggers make. */
export const JOB_ID_PATTERN = /^[a-z0-9]{9,64}$/;

/** Hex SHA-256 of a text. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A job id derived from a name (a cron tick, a store change): the same name, the same id. */
export async function derivedJobId(prefix: string, name: string): Promise<string> {
  return `${prefix}${(await sha256Hex(name)).slice(0, 40)}`;
}
