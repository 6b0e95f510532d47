/**
 * The embedded async backend: jobs, bodies and the queue in one Deno KV database under
 * `DENOFN_DATA`. Every state change and the queue message it schedules commit together, and a
 * message carries the job's epoch: after a restart every pending job is rescheduled with a new
 * epoch (see `service.ts`), so messages from before are recognised as stale and dropped.
 *
 * Keys: `async/job/<id>` the record, `async/body/<id>/<tag>/<i>` body chunks, `async/idem/<fn>/<key>`
 * idempotency keys, `async/pending/<id>` jobs with work ahead, `async/dead/<id>` dead letters,
 * `async/undelivered/<id>` messages Deno KV gave up on.
 */
import type { AsyncBackend, CreateOptions, JobQuery, Plan, WorkKind } from "./backend.ts";
import {
  deleteBlob,
  INLINE_CHUNKS,
  inlineBlob,
  inlineDelete,
  readBlob,
  writeBlob,
} from "./blobs.ts";
import { CHUNK_BYTES } from "./chunks.ts";
import { isFinished, type Job, PENDING_STATES } from "./job.ts";
import type { KvQueue } from "./kv_queue.ts";

const JOB = ["async", "job"];
const BODY = ["async", "body"];
const IDEM = ["async", "idem"];
const PENDING = ["async", "pending"];
const DEAD = ["async", "dead"];
const UNDELIVERED = ["async", "undelivered"];
/** Request bodies outlive any job that can still need them. */
const REQUEST_BODY_TTL_MS = 30 * 86_400_000;
/** Bodies up to this size are written and deleted inside the commit of the change. */
const INLINE_BYTES = INLINE_CHUNKS * CHUNK_BYTES;
/** Most records a listing looks at. */
const SCAN_LIMIT = 20_000;

/** Whether a job has work ahead (a run, a task to complete, or a callback to deliver). */
function hasWork(job: Job): boolean {
  return PENDING_STATES.includes(job.state) || job.callback?.state === "pending";
}

/** Creates the Deno KV backend over `queue`'s database. */
export function createKvBackend(queue: KvQueue): AsyncBackend {
  const kv = queue.kv;
  const message = (kind: WorkKind, job: Job) => ({ k: `job:${kind}`, id: job.id, e: job.epoch });

  const writeJob = (op: Deno.AtomicOperation, job: Job) => {
    const expireIn = job.expiresAt ? Math.max(1, job.expiresAt - Date.now()) : undefined;
    op.set([...JOB, job.id], job, { expireIn });
    if (hasWork(job)) op.set([...PENDING, job.id], job.fn);
    else op.delete([...PENDING, job.id]);
    if (job.state === "dead") op.set([...DEAD, job.id], job.fn, { expireIn });
    else op.delete([...DEAD, job.id]);
  };

  const get = async (id: string) => {
    const entry = await kv.get<Job>([...JOB, id]);
    const job = entry.value ?? undefined;
    return job && job.expiresAt && job.expiresAt < Date.now() ? undefined : job;
  };

  return {
    async create(job, body, options: CreateOptions = {}) {
      const idem = options.idempotencyKey ? [...IDEM, job.fn, options.idempotencyKey] : undefined;
      const existing = async () => {
        const id = idem ? (await kv.get<string>(idem)).value : job.id;
        const found = id ? await get(id) : undefined;
        return found ? { job: found, created: false } : undefined;
      };
      if (idem || options.unique) {
        const found = await existing();
        if (found) return found;
      }
      const op = kv.atomic().check({ key: [...JOB, job.id], versionstamp: null });
      if (!inlineBlob(op, [...BODY, job.id], "q", body, REQUEST_BODY_TTL_MS)) {
        await writeBlob(kv, [...BODY, job.id], "q", body, REQUEST_BODY_TTL_MS);
      }
      if (idem) {
        op.check({ key: idem, versionstamp: null });
        op.set(idem, job.id, { expireIn: options.idempotencyTtlMs });
      }
      writeJob(op, job);
      queue.add(op, message("run", job), job.dueAt - Date.now(), [...UNDELIVERED, job.id]);
      if ((await op.commit()).ok) return { job, created: true };
      await deleteBlob(kv, [...BODY, job.id], "q", body.byteLength);
      const found = await existing();
      if (found) return found;
      throw new Error(`Cannot store job ${job.id}: the commit was refused`);
    },

    get,

    async body(id, which) {
      if (which === "request") return await readBlob(kv, [...BODY, id], "q");
      const job = await get(id);
      return job?.result ? await readBlob(kv, [...BODY, id], job.result.blob) : new Uint8Array(0);
    },

    async update(id, decide) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const entry = await kv.get<Job>([...JOB, id]);
        if (!entry.value) return undefined;
        const before = entry.value;
        const plan: Plan | undefined = await decide(before);
        if (!plan) return before;
        const op = kv.atomic().check(entry);
        for (const check of plan.extra?.checks ?? []) op.check(check);
        plan.extra?.apply(op);
        let written: { tag: string; bytes: number } | undefined;
        const old = before.result;
        const dropResult = old && (plan.job === null || plan.job.result?.blob !== old.blob);
        const dropRequest = plan.job === null || plan.dropRequestBody;
        // Small bodies go in the same commit; large ones are written before and deleted after.
        const small = (bytes = 0) => bytes <= INLINE_BYTES;
        if (dropResult && small(old.bytes)) inlineDelete(op, [...BODY, id], old.blob, old.bytes);
        if (dropRequest && small(before.bodyBytes)) {
          inlineDelete(op, [...BODY, id], "q", before.bodyBytes);
        }
        if (plan.job === null) {
          op.delete([...JOB, id]).delete([...PENDING, id]).delete([...DEAD, id]);
        } else {
          const job = plan.job;
          if (plan.resultBody && job.result) {
            const ttl = job.expiresAt ? Math.max(1, job.expiresAt - Date.now()) : undefined;
            const prefix = [...BODY, id];
            if (!inlineBlob(op, prefix, job.result.blob, plan.resultBody, ttl)) {
              await writeBlob(kv, prefix, job.result.blob, plan.resultBody, ttl);
              written = { tag: job.result.blob, bytes: plan.resultBody.byteLength };
            }
          }
          writeJob(op, job);
          for (const work of plan.work ?? []) {
            const undelivered = work.kind === "run" ? [...UNDELIVERED, id] : undefined;
            queue.add(op, message(work.kind, job), work.delayMs, undelivered);
          }
        }
        if (!(await op.commit()).ok) {
          if (written) await deleteBlob(kv, [...BODY, id], written.tag, written.bytes);
          continue;
        }
        if (dropResult && !small(old.bytes)) {
          await deleteBlob(kv, [...BODY, id], old.blob, old.bytes);
        }
        if (dropRequest && !small(before.bodyBytes)) {
          await deleteBlob(kv, [...BODY, id], "q", before.bodyBytes);
        }
        return plan.job ?? undefined;
      }
      throw new Error(`Cannot update job ${id}: it kept changing under 50 attempts`);
    },

    async list(query: JobQuery) {
      const limit = query.limit ?? 50;
      const jobs: Job[] = [];
      let seen = 0;
      for await (const e of kv.list<Job>({ prefix: JOB }, { reverse: true, batchSize: 500 })) {
        if (++seen > SCAN_LIMIT || jobs.length >= limit) break;
        const job = e.value;
        if (query.fn && job.fn !== query.fn) continue;
        if (query.state && job.state !== query.state) continue;
        if (job.expiresAt && job.expiresAt < Date.now()) continue;
        jobs.push(job);
      }
      return jobs;
    },

    async deadLetters(query: JobQuery) {
      const limit = query.limit ?? 50;
      const jobs: Job[] = [];
      for await (const e of kv.list<string>({ prefix: DEAD }, { reverse: true })) {
        if (jobs.length >= limit) break;
        if (query.fn && e.value !== query.fn) continue;
        const job = await get(String(e.key[2]));
        if (job && isFinished(job)) jobs.push(job);
      }
      return jobs;
    },

    async *pending() {
      for await (const e of kv.list<string>({ prefix: PENDING })) {
        const job = await get(String(e.key[2]));
        if (job) yield job;
        else await kv.delete(e.key);
      }
    },

    async *undelivered() {
      for await (const e of kv.list({ prefix: UNDELIVERED })) {
        await kv.delete(e.key);
        yield String(e.key[2]);
      }
    },

    onWork(kind, handler) {
      queue.on(`job:${kind}`, (m) => handler(String(m.id), Number(m.e)));
    },
  };
}
