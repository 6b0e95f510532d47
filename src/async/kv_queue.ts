/**
 * The platform's one Deno KV queue: a single `listenQueue` (Deno KV allows one per database)
 * dispatching messages by kind to the parts that use it (async jobs, callbacks, store triggers),
 * and one way to put a message into an atomic operation, so a message is enqueued in the same
 * commit as the state change it belongs to.
 */

/** A queue message; `k` names its handler. */
export interface QueueMessage {
  k: string;
  [field: string]: unknown;
}

/** Handles one kind of message; a throw makes Deno KV redeliver it with back-off. */
export type MessageHandler = (message: QueueMessage) => Promise<void> | void;

/** Delays Deno KV waits before redelivering a message whose handler threw. */
const REDELIVERY_BACKOFF_MS = [1_000, 5_000, 15_000, 60_000];
/** Longest delay Deno KV accepts (30 days). */
const MAX_DELAY_MS = 30 * 86_400_000;

/** The dispatcher over one Deno KV database. */
export class KvQueue {
  readonly #handlers = new Map<string, MessageHandler>();
  #listening: Promise<void> | undefined;
  #closed = false;
  #inFlight = 0;

  constructor(readonly kv: Deno.Kv) {}

  /** Registers the handler of `kind` (before {@link KvQueue.start}). */
  on(kind: string, handler: MessageHandler): void {
    if (this.#handlers.has(kind)) throw new Error(`Cannot register "${kind}" twice on the queue`);
    this.#handlers.set(kind, handler);
  }

  /** Starts delivering (once every handler is registered). */
  start(): void {
    this.#listening ??= this.kv.listenQueue(async (raw: unknown) => {
      if (this.#closed) throw new Error("Cannot handle a message: the queue is closing");
      const message = raw as QueueMessage;
      const handler = this.#handlers.get(message?.k);
      if (!handler) {
        console.error(`[queue] dropping a message of unknown kind ${JSON.stringify(message?.k)}`);
        return;
      }
      this.#inFlight++;
      try {
        await handler(message);
      } finally {
        this.#inFlight--;
      }
    });
  }

  /**
   * Adds `message` to `op`, due in `delayMs`. `undeliveredKey` is set (with the message) if
   * Deno KV gives up redelivering it.
   */
  add(op: Deno.AtomicOperation, message: QueueMessage, delayMs = 0, undeliveredKey?: Deno.KvKey) {
    op.enqueue(message, {
      delay: Math.min(MAX_DELAY_MS, Math.max(0, Math.round(delayMs))),
      keysIfUndelivered: undeliveredKey ? [undeliveredKey] : undefined,
      backoffSchedule: REDELIVERY_BACKOFF_MS,
    });
    return op;
  }

  /** Enqueues one message on its own. */
  async send(message: QueueMessage, delayMs = 0): Promise<void> {
    const result = await this.add(this.kv.atomic(), message, delayMs).commit();
    if (!result.ok) throw new Error("Cannot enqueue a message: the commit was refused");
  }

  /** Messages being handled right now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Stops taking messages (handlers that run finish on their own). */
  stop(): void {
    this.#closed = true;
  }
}
