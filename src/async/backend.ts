/**
 * Where jobs live and how their runs are scheduled. The embedded default keeps both in Deno KV
 * (`kv_backend.ts`); a backend for more than one machine (NATS JetStream) implements the same
 * interface.
 */
import type { Job, JobState } from "./job.ts";

/** Kinds of scheduled work on a job. */
export type WorkKind = "run" | "callback" | "task-timeout";

/** Work to schedule on a job, due in `delayMs`. */
export interface Work {
  kind: WorkKind;
  delayMs: number;
}

/** Extra reads-then-writes that must commit together with a job change (store triggers). */
export interface AtomicExtra {
  checks: Deno.AtomicCheck[];
  apply(op: Deno.AtomicOperation): void;
}

/** A change of one job, decided from its current record. */
export interface Plan {
  /** The new record, or `null` to delete the job and its bodies. */
  job: Job | null;
  /** Work to schedule, in the same commit. */
  work?: Work[];
  /** The result body to store (replacing any earlier one). */
  resultBody?: Uint8Array;
  /** Delete the request body (the job will not run again). */
  dropRequestBody?: boolean;
  extra?: AtomicExtra;
}

/** Options of {@link AsyncBackend.create}. */
export interface CreateOptions {
  /** A repeat with the same key (per function) returns the first job. */
  idempotencyKey?: string;
  /** How long the idempotency key is remembered, ms. */
  idempotencyTtlMs?: number;
  /** Create only if no job has this id yet (cron ticks, trigger deliveries). */
  unique?: boolean;
  extra?: AtomicExtra;
}

/** Query of {@link AsyncBackend.list}. */
export interface JobQuery {
  fn?: string;
  state?: JobState;
  /** Newest first, at most this many. */
  limit?: number;
}

/** The store of jobs and the queue that runs them. */
export interface AsyncBackend {
  /**
   * Whether the queue holds a message until its work is done and hands it to another process
   * when the holder is lost (JetStream). The service then settles its `run` handler only once the
   * attempt has ended, and starts nothing outside the queue (no fast path), so a redelivered
   * message always means its holder is gone. Deno KV's queue needs neither.
   */
  readonly holdsWork?: boolean;
  /**
   * Stores a new job with its request body and schedules its first run in one commit.
   * @returns the stored job, and whether it is new (false: an idempotent repeat or a duplicate).
   */
  create(
    job: Job,
    body: Uint8Array,
    options?: CreateOptions,
  ): Promise<{ job: Job; created: boolean }>;
  get(id: string): Promise<Job | undefined>;
  /** The request body (`request`) or the stored response body (`result`). */
  body(id: string, which: "request" | "result"): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Applies `decide`'s plan if the job did not change meanwhile (else decides again with the
   * fresh record). `undefined` from `decide` changes nothing.
   * @returns the job after the change (or as it was when nothing changed).
   */
  update(
    id: string,
    decide: (job: Job) => Plan | undefined | Promise<Plan | undefined>,
  ): Promise<Job | undefined>;
  list(query: JobQuery): Promise<Job[]>;
  /** Dead jobs, newest first. */
  deadLetters(query: JobQuery): Promise<Job[]>;
  /** Every job that still has work (for recovery after a restart). */
  pending(): AsyncIterable<Job>;
  /** Jobs whose queue message Deno KV gave up delivering (then forgets them). */
  undelivered(): AsyncIterable<string>;
  /** Registers what runs each kind of work: `(jobId, epoch)`. */
  onWork(kind: WorkKind, handler: (id: string, epoch: number) => Promise<void>): void;
}
