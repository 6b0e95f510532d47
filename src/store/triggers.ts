/**
 * Delivers store changes to the functions whose `triggers` ask for them, as async invocations
 * (`X-Denofn-Trigger: store`), exactly once per change and in order per document: each change
 * message carries its position `n` among the changes of that document for that function; the
 * job of change `n` is created only once change `n - 1`'s job has ended (its end moves the
 * function's cursor for the document in the same commit; a change that comes early is parked,
 * guarded by the cursor's version, and released when that job ends), and under an id derived
 * from the change, so a redelivered message never makes a second job.
 */
import {
  type AsyncService,
  type AtomicExtra,
  type Job,
  type KvQueue,
  type QueueMessage,
} from "../async/mod.ts";
import type { ChangeMessage, DocumentStore } from "./documents.ts";
import { triggerJob } from "./trigger_job.ts";

/** What trigger delivery needs. */
export interface TriggerDeps {
  queue: KvQueue;
  documents: DocumentStore;
  /** Set once the async service exists (it is built with {@link TriggerDelivery.endExtra}). */
  service: () => AsyncService;
  /** Whether `fn` still subscribes to this change. */
  subscribed(fn: string, collection: string, kind: ChangeMessage["e"]): boolean;
  onDelivered?(fn: string, collection: string): void;
}

const CURSOR = ["store", "cursor"];
const PARKED = ["store", "parked"];

/** Change delivery. */
export class TriggerDelivery {
  #sweep: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: TriggerDeps) {
    deps.queue.on("store:change", (m) => this.#onChange(m as ChangeMessage));
  }

  /** The cursor move that commits with the end of a trigger job. */
  endExtra(job: Job): AtomicExtra | undefined {
    const ev = job.event;
    if (!ev) return undefined;
    return {
      checks: [],
      apply: (op) => op.set([...CURSOR, job.fn, ev.collection, ev.id], ev.seq),
    };
  }

  /** After a trigger job ended: releases the change parked behind it, if any. */
  async onEnded(job: Job): Promise<void> {
    const ev = job.event;
    if (!ev) return;
    await this.#release(job.fn, ev.collection, ev.id, ev.seq + 1);
  }

  /**
   * Releases parked changes whose turn has come (after a crash between a job's end and its
   * release), now and every `ms`.
   */
  async sweep(ms = 30_000): Promise<void> {
    const { kv } = this.deps.queue;
    for await (const e of kv.list<ChangeMessage>({ prefix: PARKED })) {
      const m = e.value;
      const done = (await kv.get<number>([...CURSOR, m.fn, m.c, m.id])).value ?? 0;
      if (m.n <= done) await kv.delete(e.key);
      else if (m.n === done + 1) await this.#release(m.fn, m.c, m.id, m.n);
    }
    if (this.#sweep === undefined && ms > 0) {
      this.#sweep = setInterval(() => void this.sweep(0).catch(() => {}), ms);
      Deno.unrefTimer(this.#sweep as unknown as number);
    }
  }

  /** Stops the periodic sweep. */
  stop(): void {
    if (this.#sweep !== undefined) clearInterval(this.#sweep);
  }

  async #release(fn: string, c: string, id: string, n: number): Promise<void> {
    const { kv } = this.deps.queue;
    const key = [...PARKED, fn, c, id, n];
    const parked = await kv.get<ChangeMessage>(key);
    if (!parked.value) return;
    const op = kv.atomic().check(parked).delete(key);
    await this.deps.queue.add(op, parked.value).commit();
  }

  async #onChange(m: ChangeMessage & QueueMessage): Promise<void> {
    const { kv } = this.deps.queue;
    const cursorKey = [...CURSOR, m.fn, m.c, m.id];
    for (let attempt = 0; attempt < 20; attempt++) {
      const cursor = await kv.get<number>(cursorKey);
      const done = cursor.value ?? 0;
      if (m.n <= done) return; // delivered before
      if (m.n === done + 1) return await this.#deliver(m, cursorKey);
      // Not its turn: park it until change n - 1's job ends (unless that just happened).
      const parked = await kv.atomic().check(cursor).set([...PARKED, m.fn, m.c, m.id, m.n], m)
        .commit();
      if (parked.ok) return;
    }
    throw new Error(`Cannot order change ${m.n} of ${m.c}/${m.id} for ${m.fn}`);
  }

  async #deliver(m: ChangeMessage, cursorKey: Deno.KvKey): Promise<void> {
    if (!this.deps.subscribed(m.fn, m.c, m.e)) {
      await this.deps.queue.kv.set(cursorKey, m.n); // nobody to tell any more: skip it
      await this.#release(m.fn, m.c, m.id, m.n + 1);
      return;
    }
    const sides = await this.deps.documents.changeSides(m.c, m.id, m.v);
    const { created } = await this.deps.service().enqueue(
      await triggerJob({
        fn: m.fn,
        event: m.e,
        collection: m.c,
        id: m.id,
        ...sides,
        version: m.v,
        seq: m.n,
      }),
    );
    if (created) this.deps.onDelivered?.(m.fn, m.c);
  }
}
