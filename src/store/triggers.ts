/**
 * Delivers store changes to the functions whose `triggers` ask for them, as async invocations
 * (`X-Denofn-Trigger: store`), exactly once per change and in order per document: each change
 * message carries its position `n` among the changes of that document for that function; the
 * job of change `n` is created only once change `n - 1`'s job has ended (its end moves the
 * function's cursor for the document in the same commit), and under an id derived from the
 * change, so a redelivered message never makes a second job.
 */
import {
  type AsyncService,
  type AtomicExtra,
  derivedJobId,
  type Job,
  type KvQueue,
  type QueueMessage,
} from "../async/mod.ts";
import type { ChangeMessage, DocumentStore } from "./documents.ts";

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
/** Waits of a change whose turn has not come, doubling up to {@link MAX_WAIT_MS}. */
const FIRST_WAIT_MS = 100;
const MAX_WAIT_MS = 5_000;

/** Change delivery. */
export class TriggerDelivery {
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

  async #onChange(m: ChangeMessage & QueueMessage): Promise<void> {
    const { kv } = this.deps.queue;
    const cursorKey = [...CURSOR, m.fn, m.c, m.id];
    const done = (await kv.get<number>(cursorKey)).value ?? 0;
    if (m.n <= done) return; // delivered before
    if (m.n > done + 1) {
      const waits = Number(m.w ?? 0);
      const delay = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** waits);
      await this.deps.queue.send({ ...m, w: waits + 1 }, delay);
      return;
    }
    if (!this.deps.subscribed(m.fn, m.c, m.e)) {
      await kv.set(cursorKey, m.n); // nobody to tell any more: skip the change
      return;
    }
    const sides = await this.deps.documents.changeSides(m.c, m.id, m.v);
    const body = new TextEncoder().encode(JSON.stringify({
      event: m.e,
      collection: m.c,
      id: m.id,
      before: sides.before,
      after: sides.after,
      version: m.v,
    }));
    const { created } = await this.deps.service().enqueue({
      id: await derivedJobId("t", `${m.fn}/${m.c}/${m.id}/${m.n}`),
      fn: m.fn,
      trigger: "store",
      method: "POST",
      path: "/",
      host: "localhost",
      headers: [["content-type", "application/json"]],
      body,
      event: { collection: m.c, id: m.id, version: m.v, event: m.e, seq: m.n },
    });
    if (created) this.deps.onDelivered?.(m.fn, m.c);
  }
}
