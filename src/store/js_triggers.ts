/**
 * Store triggers on JetStream: the stream of the store's bucket is the feed (watch → trigger).
 * Each (function, collection) pair a manifest's `triggers` names has a durable consumer on that
 * stream, shared by every gateway, with one change in flight at a time:
 *
 * - a change becomes an async job under an id derived from (function, collection, document,
 *   version), so a change delivered twice (a gateway lost between the job and the ack) makes one
 *   job: each change runs once, whichever gateway runs it;
 * - the change is acknowledged once its job has ended, so changes reach a function in the order
 *   they were stored (per collection, which also orders them per document).
 *
 * A consumer starts at the changes stored after it was made (the first time a trigger is
 * deployed); a function removed and deployed again goes on where it stopped.
 */
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { type AsyncService, derivedJobId, isFinished } from "../async/mod.ts";
import { isNotFound, nanos, type Nats } from "../nats/mod.ts";
import type { ChangeKind } from "./documents.ts";
import { docIdOf, STORE_BUCKET, type StoredValue } from "./js_documents.ts";
import { triggerJob } from "./trigger_job.ts";

const STREAM = `KV_${STORE_BUCKET}`;

/** What the triggers need. */
export interface JsTriggerOptions {
  nats: Nats;
  /** Set once the async service exists. */
  service: () => AsyncService;
  /** Whether `fn` (still) subscribes to this change. */
  subscribed(fn: string, collection: string, kind: ChangeKind): boolean;
  /** A held change goes to a peer after this long without a sign of life, ms. */
  ackWaitMs: number;
  onDelivered?(fn: string, collection: string): void;
  log?: (line: string) => void;
}

/** Name of the consumer of `fn`'s trigger on `collection`. */
export async function triggerConsumer(fn: string, collection: string): Promise<string> {
  return await derivedJobId("trig_", `${fn}/${collection}`);
}

/** The triggers this process follows. */
export class JsTriggers {
  readonly #loops = new Map<string, { stop: () => void; done: Promise<void> }>();
  #stopped = false;

  constructor(private readonly o: JsTriggerOptions) {}

  /** Follows exactly the collections `fn`'s triggers name (none: stops following `fn`). */
  apply(fn: string, collections: readonly string[]): void {
    const wanted = new Set(collections.map((c) => `${fn}/${c}`));
    for (const [key, loop] of this.#loops) {
      if (key.startsWith(`${fn}/`) && !wanted.has(key)) {
        loop.stop();
        this.#loops.delete(key);
      }
    }
    for (const c of collections) {
      const key = `${fn}/${c}`;
      if (this.#stopped || this.#loops.has(key)) continue;
      const stop = new AbortController();
      const done = this.#loop(fn, c, stop.signal).catch((e) =>
        this.#say(`${fn} on ${c}: ${(e as Error).message}`)
      );
      this.#loops.set(key, { stop: () => stop.abort(), done });
    }
  }

  /** Stops following; a change in flight goes back to the stream (a peer takes it). */
  async close(): Promise<void> {
    this.#stopped = true;
    for (const loop of this.#loops.values()) loop.stop();
    await Promise.allSettled([...this.#loops.values()].map((l) => l.done));
    this.#loops.clear();
  }

  async #ensure(fn: string, collection: string): Promise<string> {
    const { jsm } = this.o.nats;
    const name = await triggerConsumer(fn, collection);
    const found = await jsm.consumers.info(STREAM, name).catch((e) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    if (found) return name;
    await jsm.consumers.add(STREAM, {
      durable_name: name,
      description: `denofn trigger: ${fn} on ${collection}`,
      filter_subject: `$KV.${STORE_BUCKET}.${collection}.>`,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      ack_wait: nanos(this.o.ackWaitMs),
      max_ack_pending: 1,
    }).catch(async (e) => {
      await jsm.consumers.info(STREAM, name).catch(() => Promise.reject(e)); // a peer made it
    });
    return name;
  }

  async #loop(fn: string, collection: string, signal: AbortSignal): Promise<void> {
    let name: string | undefined;
    let failures = 0;
    while (!signal.aborted) {
      let pull: ConsumerMessages | undefined;
      const stop = () => pull?.stop();
      signal.addEventListener("abort", stop);
      try {
        name ??= await this.#ensure(fn, collection);
        const consumer = await this.o.nats.js.consumers.get(STREAM, name);
        pull = await consumer.fetch({ max_messages: 1, expires: 5_000 });
        for await (const m of pull) await this.#handle(fn, collection, m, signal);
        failures = 0;
      } catch (e) {
        if (signal.aborted) return;
        if (isNotFound(e)) name = undefined;
        if (failures++ % 10 === 0) this.#say(`cannot follow ${fn} on ${collection}: ${e}`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * failures)));
      } finally {
        signal.removeEventListener("abort", stop);
      }
    }
  }

  async #handle(fn: string, collection: string, m: JsMsg, signal: AbortSignal): Promise<void> {
    const beat = setInterval(() => quietly(() => m.working()), Math.max(100, this.o.ackWaitMs / 3));
    try {
      const operation = m.headers?.get("KV-Operation");
      if (operation === "DEL" || operation === "PURGE" || m.data.byteLength === 0) {
        return quietly(() => m.ack());
      }
      const value = m.json<StoredValue>();
      const id = docIdOf(m.subject.slice(`$KV.${STORE_BUCKET}.${collection}.`.length));
      if (!this.o.subscribed(fn, collection, value.k)) return quietly(() => m.ack());
      const service = this.o.service();
      const { job, created } = await service.enqueue(
        await triggerJob({
          fn,
          event: value.k,
          collection,
          id,
          before: value.b ?? null,
          after: value.d,
          version: value.v,
          seq: value.v,
        }),
      );
      if (created) this.o.onDelivered?.(fn, collection);
      // The next change waits for this one's job to end.
      while (!signal.aborted) {
        const now = await service.get(job.id).catch(() => undefined);
        if (!now || isFinished(now)) return quietly(() => m.ack());
        await new Promise((r) => setTimeout(r, 100));
      }
      quietly(() => m.nak());
    } catch (e) {
      this.#say(`change of ${collection} for ${fn}: ${(e as Error).message}`);
      quietly(() => m.nak(1_000));
    } finally {
      clearInterval(beat);
    }
  }

  #say(line: string): void {
    (this.o.log ?? console.error)(`[store] ${line}`);
  }
}

function quietly(f: () => void): void {
  try {
    f();
  } catch { /* a peer gets the change after the ack wait */ }
}
