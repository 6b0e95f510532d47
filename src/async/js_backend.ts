/**
 * The async backend on NATS JetStream (`DENOFN_NATS_URL`), shared by every gateway on one NATS.
 *
 * - Job records live in the key-value bucket `denofn_jobs` (`j.<id>`); every change is a
 *   compare-and-set on the key's revision, so two gateways never both move a job. Idempotency
 *   keys (`i.<fn>.<sha-256 of the key>`) are claimed with a create and expire with the result;
 *   dead letters are marked `d.<id>`; jobs whose message JetStream gave up on, `u.<id>`. The
 *   bucket keeps a value for `retentionMs` after its last write (results expire earlier: a read
 *   past `expiresAt` finds nothing).
 * - Bodies live in `denofn_bodies` in chunks (`<id>.<tag>.<i>`), written before the record that
 *   names them and deleted after the record that drops them.
 * - Work (a run, a callback, a task timeout) is a message of the work queue
 *   (`js_work_queue.ts`), published once the change that schedules it is stored.
 *
 * A run message is held until its attempt ends, and the record of a running job names the
 * message that started it (`heldBy`, its stream sequence). When that very message comes back
 * (its holder was lost) and finds the job still `running` under the same epoch, the attempt is
 * taken over: the job moves back to `retrying` without the lost attempt's task token (so that
 * attempt's late answer is ignored) and runs here, under the same epoch, so that this message
 * still drives it if this gateway is lost in turn. Any other message of the job (a duplicate, a
 * retry) never takes over a running attempt.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AsyncBackend, CreateOptions, JobQuery, Plan } from "./backend.ts";
import { isFinished, type Job, PENDING_STATES, sha256Hex } from "./job.ts";
import { type Delivery, JsWorkQueue } from "./js_work_queue.ts";
import { isRevisionConflict, type Nats, openBucket } from "../nats/mod.ts";

/** Bytes of one body chunk (NATS carries at most 1 MiB per message by default). */
const CHUNK_BYTES = 256 * 1024;
/** Most records a listing looks at. */
const SCAN_LIMIT = 20_000;
/** A queued job with no message for this long after it was due is published again. */
const ORPHAN_AFTER_MS = 5 * 60_000;

/** Options of {@link createJsBackend}. */
export interface JsBackendOptions {
  nats: Nats;
  ackWaitMs: number;
  maxDeliver: number;
  /** How long a job is kept after its last change at most (results expire earlier), ms. */
  retentionMs: number;
  /** Messages of `fn` this process holds at once. */
  capacity(fn: string): number;
  log?: (line: string) => void;
}

/** The JetStream backend, and what the composition root drives. */
export interface JsBackend extends AsyncBackend {
  /** Pulls the work of `fn` (idempotent). */
  follow(fn: string): void;
  /** Pulls the work of every function that has a consumer, and sweeps orphans now and then. */
  start(): Promise<void>;
  /** Publishes a run for queued jobs that lost their message (a crash between two writes). */
  sweepOrphans(now?: number): Promise<number>;
  /** Stops pulling (attempts in flight still finish and are acknowledged). */
  stopPulling(): void;
  /** Stops pulling and hands held messages back. */
  close(): Promise<void>;
}

/** A stored record: the job, and the message whose handler started its running attempt. */
type Stored = Job & { heldBy?: number };

/** The message being handled in this async context (set around each handler). */
const handling = new AsyncLocalStorage<number>();

const encoder = new TextEncoder();
const encode = (value: unknown) => encoder.encode(JSON.stringify(value));
const hasWork = (job: Job) =>
  PENDING_STATES.includes(job.state) || job.callback?.state === "pending";

/** Opens the buckets and the work queue. */
export async function createJsBackend(o: JsBackendOptions): Promise<JsBackend> {
  const jobs = await openBucket(o.nats, "denofn_jobs", {
    ttlMs: o.retentionMs,
    description: "denofn async jobs, idempotency keys and dead letters",
  });
  const bodies = await openBucket(o.nats, "denofn_bodies", {
    ttlMs: o.retentionMs,
    description: "denofn async request and result bodies, in chunks",
  });
  const queue = await JsWorkQueue.open({
    nats: o.nats,
    ackWaitMs: o.ackWaitMs,
    maxDeliver: o.maxDeliver,
    capacity: o.capacity,
    onUndelivered: async (id) => void await jobs.put(`u.${id}`, "1"),
    log: o.log,
  });
  let sweeper: ReturnType<typeof setInterval> | undefined;

  const parse = (entry: { operation: string; json<T>(): T } | null) =>
    entry && entry.operation === "PUT" ? entry.json<Stored>() : undefined;
  const withoutHolder = ({ heldBy: _, ...job }: Stored): Job => job;
  const get = async (id: string) => {
    const job = parse(await jobs.get(`j.${id}`));
    if (!job || (job.expiresAt && job.expiresAt < Date.now())) return undefined;
    return withoutHolder(job);
  };
  const writeBody = async (id: string, tag: string, bytes: Uint8Array) => {
    for (let i = 0, n = 0; i < bytes.byteLength; i += CHUNK_BYTES, n++) {
      await bodies.put(`${id}.${tag}.${n}`, bytes.subarray(i, i + CHUNK_BYTES));
    }
  };
  const readBody = async (id: string, tag: string, size: number) => {
    const out = new Uint8Array(size);
    for (let i = 0, n = 0; i < size; i += CHUNK_BYTES, n++) {
      const entry = await bodies.get(`${id}.${tag}.${n}`);
      if (!entry || entry.operation !== "PUT") return new Uint8Array(0);
      out.set(entry.value.subarray(0, size - i), i);
    }
    return out;
  };
  const dropBody = async (id: string, tag: string, size: number) => {
    for (let i = 0, n = 0; i < size; i += CHUNK_BYTES, n++) {
      await bodies.purge(`${id}.${tag}.${n}`).catch(() => {});
    }
  };
  const keysOf = async (prefix: string) => {
    const out = new Set<string>(); // a key written while they are listed comes twice
    for await (const key of await jobs.keys(`${prefix}.>`)) out.add(key.slice(prefix.length + 1));
    return [...out];
  };
  const publish = async (job: Job, plan: Plan) => {
    for (const work of plan.work ?? []) {
      await queue.send(job.fn, {
        k: work.kind,
        id: job.id,
        e: job.epoch,
        due: Date.now() + Math.max(0, work.delayMs),
      });
    }
  };

  const update: AsyncBackend["update"] = async (id, decide) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const entry = await jobs.get(`j.${id}`);
      const stored = parse(entry);
      if (!entry || !stored) return undefined;
      const before = withoutHolder(stored);
      const plan = await decide(before);
      if (!plan) return before;
      if (plan.extra) throw new Error("Cannot commit Deno KV writes with a JetStream job");
      const job = plan.job;
      const result = job?.result;
      const written = plan.resultBody && result && result.blob !== before.result?.blob;
      if (written) await writeBody(id, result.blob, plan.resultBody!);
      try {
        if (job === null) await jobs.delete(`j.${id}`, { previousSeq: entry.revision });
        else {
          const startsHere = job.state === "running" && before.state !== "running";
          const heldBy = job.state !== "running"
            ? undefined
            : startsHere
            ? handling.getStore()
            : stored.heldBy;
          await jobs.update(`j.${id}`, encode({ ...job, heldBy }), entry.revision);
        }
      } catch (e) {
        if (written) await dropBody(id, result.blob, plan.resultBody!.byteLength);
        if (isRevisionConflict(e)) continue;
        throw e;
      }
      const old = before.result;
      if (old && (job === null || job.result?.blob !== old.blob)) {
        await dropBody(id, old.blob, old.bytes);
      }
      if (job === null || plan.dropRequestBody) await dropBody(id, "q", before.bodyBytes);
      if (job?.state === "dead") await jobs.put(`d.${id}`, job.fn);
      else if (before.state === "dead") await jobs.delete(`d.${id}`).catch(() => {});
      if (job) await publish(job, plan);
      return job ?? undefined;
    }
    throw new Error(`Cannot update job ${id}: it kept changing under 50 attempts`);
  };

  /** The message that started a running attempt came back: its holder is gone. */
  const takeOver = async (id: string, epoch: number, delivery: Delivery) => {
    if (!delivery.redelivered) return;
    const held = parse(await jobs.get(`j.${id}`));
    if (held?.state !== "running" || held.epoch !== epoch || held.heldBy !== delivery.seq) return;
    let taken = false;
    await update(id, (j) => {
      taken = j.state === "running" && j.epoch === epoch && j.taskTokenHash === held.taskTokenHash;
      if (!taken) return undefined;
      return {
        job: {
          ...j,
          state: "retrying",
          dueAt: Date.now(),
          taskTokenHash: undefined,
          lastError: "The gateway running the attempt was lost",
        },
      };
    });
    if (taken) o.log?.(`[async] job ${id}: taking over from a lost gateway`);
  };

  /** Claims an idempotency key for `job`; returns the job that holds it already, if any. */
  const claim = async (key: string, job: Job, ttlMs: number): Promise<Job | undefined> => {
    const value = encode({ id: job.id, exp: Date.now() + ttlMs });
    for (let attempt = 0; attempt < 20; attempt++) {
      const entry = await jobs.get(key);
      const held = entry?.operation === "PUT" ? entry.json<{ id: string; exp: number }>() : null;
      if (held && held.exp > Date.now()) {
        // Its job may be a moment from being stored by another gateway.
        for (let i = 0; i < 20; i++) {
          const found = await get(held.id);
          if (found) return found;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      try {
        if (entry) await jobs.update(key, value, entry.revision);
        else await jobs.create(key, value);
        return undefined;
      } catch (e) {
        if (!isRevisionConflict(e)) throw e;
      }
    }
    throw new Error(`Cannot claim the idempotency key of job ${job.id}`);
  };

  const backend: JsBackend = {
    holdsWork: true,

    async create(job, body, options: CreateOptions = {}) {
      if (options.idempotencyKey) {
        const key = `i.${job.fn}.${(await sha256Hex(options.idempotencyKey)).slice(0, 40)}`;
        const found = await claim(key, job, options.idempotencyTtlMs ?? 86_400_000);
        if (found) return { job: found, created: false };
      }
      if (options.unique) {
        const found = await get(job.id);
        if (found) return { job: found, created: false };
      }
      // The body and the record go together: nothing reads the body before the run message,
      // which is published once both are stored.
      const [written, created] = await Promise.allSettled([
        writeBody(job.id, "q", body),
        jobs.create(`j.${job.id}`, encode(job)),
      ]);
      if (written.status === "rejected") throw written.reason;
      if (created.status === "rejected") {
        if (!isRevisionConflict(created.reason)) throw created.reason;
        const found = await get(job.id);
        if (found) return { job: found, created: false };
        throw new Error(`Cannot store job ${job.id}: it exists already`);
      }
      await queue.send(job.fn, { k: "run", id: job.id, e: job.epoch, due: job.dueAt });
      return { job, created: true };
    },

    get,

    async body(id, which) {
      const job = await get(id);
      if (!job) return new Uint8Array(0);
      if (which === "request") return await readBody(id, "q", job.bodyBytes);
      return job.result ? await readBody(id, job.result.blob, job.result.bytes) : new Uint8Array(0);
    },

    update,

    async list(query: JobQuery) {
      const limit = query.limit ?? 50;
      const out: Job[] = [];
      const ids = (await keysOf("j")).sort().reverse().slice(0, SCAN_LIMIT);
      for (const id of ids) {
        if (out.length >= limit) break;
        const job = await get(id);
        if (!job || (query.fn && job.fn !== query.fn)) continue;
        if (query.state && job.state !== query.state) continue;
        out.push(job);
      }
      return out;
    },

    async deadLetters(query: JobQuery) {
      const limit = query.limit ?? 50;
      const out: Job[] = [];
      for (const id of (await keysOf("d")).sort().reverse()) {
        if (out.length >= limit) break;
        const job = await get(id);
        if (!job) await jobs.delete(`d.${id}`).catch(() => {});
        else if (isFinished(job) && job.state === "dead" && (!query.fn || job.fn === query.fn)) {
          out.push(job);
        }
      }
      return out;
    },

    async *pending() {
      for (const id of await keysOf("j")) {
        const job = await get(id);
        if (job && hasWork(job)) yield job;
      }
    },

    async *undelivered() {
      for (const id of await keysOf("u")) {
        await jobs.delete(`u.${id}`).catch(() => {});
        yield id;
      }
    },

    onWork(kind, handler) {
      queue.on(kind, async (id, epoch, delivery) => {
        if (kind !== "run") return await handler(id, epoch);
        await takeOver(id, epoch, delivery);
        await handling.run(delivery.seq, () => handler(id, epoch));
        // A run that is due and still waits was not started here (this process is closing):
        // the message goes back (a nak) rather than being acknowledged.
        const after = await get(id);
        const waits = after?.state === "queued" || after?.state === "retrying";
        if (after && waits && after.epoch === epoch && after.dueAt <= Date.now()) {
          throw new Error("its run did not start here");
        }
      });
    },

    follow: (fn) => queue.follow(fn),

    async start() {
      await queue.followExisting();
      sweeper = setInterval(() => void backend.sweepOrphans().catch(() => {}), ORPHAN_AFTER_MS);
      Deno.unrefTimer(sweeper as unknown as number);
    },

    async sweepOrphans(now = Date.now()) {
      let count = 0;
      for await (const job of backend.pending()) {
        const orphan = (job.state === "queued" || job.state === "retrying") &&
          job.dueAt < now - ORPHAN_AFTER_MS && queue.holding(job.id) === 0;
        if (!orphan) continue;
        await queue.send(job.fn, { k: "run", id: job.id, e: job.epoch, due: now });
        count++;
      }
      return count;
    },

    stopPulling: () => queue.stopPulling(),

    async close() {
      clearInterval(sweeper);
      await queue.close();
    },
  };
  return backend;
}
