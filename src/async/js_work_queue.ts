/**
 * The work queue of the JetStream async backend: one work-queue stream (`DENOFN_WORK`, subjects
 * `denofn.work.<fn>`) and a durable pull consumer per function, shared by every gateway.
 *
 * - A message is `{ k, id, e, due }`: the kind of work, the job, its epoch, and when it is due.
 *   One that comes early is nak'ed with the delay left (JetStream redelivers it then).
 * - A gateway pulls only as many messages of a function as it can hold (`capacity`), and holds
 *   each until its handler settles, telling JetStream it is still working every third of the
 *   ack wait. A lost gateway stops telling: after the ack wait its messages go to a peer.
 * - A handler that throws naks its message with back-off; after `maxDeliver` deliveries
 *   JetStream gives up and says so in an advisory, and `onUndelivered` is told the job's id (its
 *   job becomes a dead letter) while the message is removed from the stream.
 * - Closing naks held messages at once, so a peer takes them over without waiting.
 */
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JsMsg,
  RetentionPolicy,
  StorageType,
} from "@nats-io/jetstream";
import { isNotFound, nanos, type Nats } from "../nats/mod.ts";
import type { WorkKind } from "./backend.ts";

/** The stream of work. */
export const WORK_STREAM = "DENOFN_WORK";
const SUBJECT = "denofn.work";
/** Delays before a message whose handler threw is delivered again. */
const RETRY_BACKOFF_MS = [1_000, 5_000, 15_000, 60_000];
/** How long one pull waits for messages, ms. */
const PULL_EXPIRES_MS = 5_000;

/** One message of work. */
export interface WorkMessage {
  k: WorkKind;
  id: string;
  e: number;
  /** Epoch ms when it is due. */
  due: number;
}

/** How a message came. */
export interface Delivery {
  /** Its stream sequence (the same on every delivery of it). */
  seq: number;
  /** JetStream delivered it before (a nak, or a holder that went silent). */
  redelivered: boolean;
}

/** Handles one message; a throw naks it with back-off. */
export type WorkHandler = (id: string, epoch: number, delivery: Delivery) => Promise<void>;

/** Options of {@link JsWorkQueue.open}. */
export interface WorkQueueOptions {
  nats: Nats;
  /** A held message goes to a peer after this long without a sign of life, ms. */
  ackWaitMs: number;
  /** Deliveries of one message before JetStream gives up. */
  maxDeliver: number;
  /** Messages of `fn` this process holds at once. */
  capacity(fn: string): number;
  /** Told of a job whose message JetStream gave up delivering. */
  onUndelivered(id: string): Promise<void>;
  log?: (line: string) => void;
}

/** Runs `f`, ignoring a throw (an ack on a connection that is gone: JetStream redelivers). */
function quietly(f: () => void): void {
  try {
    f();
  } catch { /* the message goes back after the ack wait */ }
}

/** Name of the durable consumer of `fn` (function names are valid consumer names). */
export const consumerOf = (fn: string) => `work_${fn}`;

/** The queue; see the module doc. */
export class JsWorkQueue {
  readonly #handlers = new Map<WorkKind, WorkHandler>();
  readonly #loops = new Map<string, Promise<void>>();
  readonly #held = new Map<string, Set<JsMsg>>(); // per function
  readonly #heldJobs = new Map<string, number>(); // per job id
  readonly #wake = new Map<string, () => void>();
  readonly #pulls = new Set<ConsumerMessages>();
  #advisories: Subscription | undefined;
  /** No more pulls (held messages still finish and are acknowledged). */
  #stopped = false;
  /** Held messages go back. */
  #closing = false;

  private constructor(private readonly o: WorkQueueOptions) {}

  /** Makes sure the stream exists and listens for advisories of undeliverable messages. */
  static async open(o: WorkQueueOptions): Promise<JsWorkQueue> {
    const q = new JsWorkQueue(o);
    const { jsm, nc } = o.nats;
    await jsm.streams.info(WORK_STREAM).catch(async (e) => {
      if (!isNotFound(e)) throw e;
      await jsm.streams.add({
        name: WORK_STREAM,
        subjects: [`${SUBJECT}.>`],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        description: "denofn async work: one message per step of a job, acknowledged when done",
      }).catch(async (e) => {
        // Another gateway made it meanwhile.
        await jsm.streams.info(WORK_STREAM).catch(() => Promise.reject(e));
      });
    });
    q.#advisories = q.#listenForAdvisories(nc);
    return q;
  }

  /** Registers the handler of one kind of work. */
  on(kind: WorkKind, handler: WorkHandler): void {
    this.#handlers.set(kind, handler);
  }

  /** Publishes `m` for function `fn` (acknowledged by JetStream: stored once this resolves). */
  async send(fn: string, m: WorkMessage): Promise<void> {
    await this.o.nats.js.publish(`${SUBJECT}.${fn}`, JSON.stringify(m));
  }

  /** Makes sure `fn`'s consumer exists and pulls from it (once per function). */
  follow(fn: string): void {
    if (this.#stopped || this.#loops.has(fn)) return;
    const loop = this.#loop(fn).catch((e) => this.#say(`${fn}: ${(e as Error).message}`));
    this.#loops.set(fn, loop);
  }

  /** Follows every function that has a consumer already (jobs of removed functions included). */
  async followExisting(): Promise<void> {
    for await (const c of this.o.nats.jsm.consumers.list(WORK_STREAM)) {
      const name = c.config.durable_name ?? c.name;
      if (name.startsWith("work_")) this.follow(name.slice(5));
    }
  }

  /** Messages of job `id` this process holds right now. */
  holding(id: string): number {
    return this.#heldJobs.get(id) ?? 0;
  }

  /** Stops pulling; messages held now still finish. */
  stopPulling(): void {
    this.#stopped = true;
    for (const pull of this.#pulls) pull.stop();
    for (const wake of this.#wake.values()) wake();
  }

  /** Stops pulling, naks held messages (a peer takes them at once) and waits for the loops. */
  async close(): Promise<void> {
    this.stopPulling();
    this.#closing = true;
    for (const held of this.#held.values()) for (const m of held) quietly(() => m.nak());
    this.#advisories?.unsubscribe();
    await Promise.allSettled([...this.#loops.values()]);
  }

  async #ensureConsumer(fn: string): Promise<void> {
    const { jsm } = this.o.nats;
    const name = consumerOf(fn);
    const config = {
      ack_wait: nanos(this.o.ackWaitMs),
      max_deliver: this.o.maxDeliver,
      max_ack_pending: 20_000,
    };
    const info = await jsm.consumers.info(WORK_STREAM, name).catch((e) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    if (!info) {
      await jsm.consumers.add(WORK_STREAM, {
        durable_name: name,
        filter_subject: `${SUBJECT}.${fn}`,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...config,
      }).catch(async (e) => {
        await jsm.consumers.info(WORK_STREAM, name).catch(() => Promise.reject(e));
      });
    } else if (
      info.config.ack_wait !== config.ack_wait || info.config.max_deliver !== config.max_deliver
    ) {
      await jsm.consumers.update(WORK_STREAM, name, config);
    }
  }

  async #loop(fn: string): Promise<void> {
    let ready = false;
    let failures = 0;
    while (!this.#stopped) {
      try {
        if (!ready) await this.#ensureConsumer(fn), ready = true;
        const free = this.o.capacity(fn) - (this.#held.get(fn)?.size ?? 0);
        if (free <= 0) {
          await new Promise<void>((r) => this.#wake.set(fn, r));
          continue;
        }
        const consumer = await this.o.nats.js.consumers.get(WORK_STREAM, consumerOf(fn));
        const pull = await consumer.fetch({ max_messages: free, expires: PULL_EXPIRES_MS });
        this.#pulls.add(pull);
        try {
          for await (const m of pull) this.#dispatch(fn, m);
        } finally {
          this.#pulls.delete(pull);
        }
        failures = 0;
      } catch (e) {
        if (this.#stopped) return;
        ready = !isNotFound(e) && ready;
        if (failures++ % 10 === 0) this.#say(`cannot pull work of ${fn}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * failures)));
      }
    }
  }

  #dispatch(fn: string, m: JsMsg): void {
    let work: WorkMessage;
    try {
      work = m.json<WorkMessage>();
    } catch {
      this.#say(`dropping an unreadable message of ${fn}`);
      return m.term();
    }
    const early = work.due - Date.now();
    if (early > 20) return m.nak(early);
    const handler = this.#handlers.get(work.k);
    if (!handler) return m.nak(RETRY_BACKOFF_MS[0]);
    const held = this.#held.get(fn) ?? new Set<JsMsg>();
    this.#held.set(fn, held);
    held.add(m);
    const delivery = { seq: m.seq, redelivered: m.info.deliveryCount > 1 };
    this.#heldJobs.set(work.id, this.holding(work.id) + 1);
    const beat = setInterval(() => quietly(() => m.working()), Math.max(100, this.o.ackWaitMs / 3));
    handler(work.id, work.e, delivery)
      .then(() => quietly(() => this.#closing ? m.nak() : m.ack()))
      .catch((e) => {
        if (this.#closing) return quietly(() => m.nak());
        this.#say(`job ${work.id}: ${work.k} failed here, retried later: ${(e as Error).message}`);
        const n = m.info.deliveryCount;
        quietly(() => m.nak(RETRY_BACKOFF_MS[Math.min(n - 1, RETRY_BACKOFF_MS.length - 1)]));
      })
      .finally(() => {
        clearInterval(beat);
        held.delete(m);
        const left = this.holding(work.id) - 1;
        if (left > 0) this.#heldJobs.set(work.id, left);
        else this.#heldJobs.delete(work.id);
        const wake = this.#wake.get(fn);
        this.#wake.delete(fn);
        wake?.();
      });
  }

  /** One gateway (a queue group) handles each advisory of a message JetStream gave up on. */
  #listenForAdvisories(nc: NatsConnection): Subscription {
    const subject = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${WORK_STREAM}.*`;
    return nc.subscribe(subject, {
      queue: "denofn-work-advisories",
      callback: (error, msg) => {
        if (error) return;
        void (async () => {
          const { stream_seq: seq } = msg.json<{ stream_seq: number }>();
          const { jsm } = this.o.nats;
          const stored = await jsm.streams.getMessage(WORK_STREAM, { seq }).catch(() => null);
          if (!stored) return;
          const work = stored.json<WorkMessage>();
          await this.o.onUndelivered(work.id);
          await jsm.streams.deleteMessage(WORK_STREAM, seq, false);
          this.#say(`job ${work.id}: its ${work.k} message was not delivered after retries`);
        })().catch((e) => this.#say(`cannot handle an advisory: ${(e as Error).message}`));
      },
    });
  }

  #say(line: string): void {
    (this.o.log ?? console.error)(`[async] ${line}`);
  }
}
