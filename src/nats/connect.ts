/**
 * The one NATS connection of a gateway (`DENOFN_NATS_URL`), with its JetStream, its manager and
 * its key-value buckets. A gateway waits for NATS at start (compose may start it first) and
 * reconnects for ever once connected; JetStream must be enabled (`nats-server -js`).
 */
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  jetstream,
  type JetStreamClient,
  type JetStreamManager,
  jetstreamManager,
} from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";

/** A connection with JetStream. */
export interface Nats {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly kvm: Kvm;
  /** Drains and closes the connection. */
  close(): Promise<void>;
}

/** Options of {@link connectNats}. */
export interface ConnectOptions {
  /** `nats://host:port`, comma-separated for a cluster. */
  url: string;
  /** Connection name shown by the server (the gateway id). */
  name: string;
  /** How long to wait for the server at start, ms. */
  waitMs?: number;
  log?: (line: string) => void;
}

/** Connects, waiting up to `waitMs` for the server, and checks that JetStream answers. */
export async function connectNats(o: ConnectOptions): Promise<Nats> {
  const servers = o.url.split(",").map((s) => s.trim()).filter(Boolean);
  const deadline = Date.now() + (o.waitMs ?? 30_000);
  let nc: NatsConnection | undefined;
  let lastError = "";
  while (!nc) {
    try {
      nc = await connect({
        servers,
        name: o.name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        timeout: 2_000,
      });
    } catch (e) {
      lastError = (e as Error).message;
      if (Date.now() > deadline) {
        throw new Error(`Cannot reach NATS at ${o.url}: ${lastError}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc, { timeout: 5_000 });
  } catch (e) {
    await nc.close();
    throw new Error(
      `Cannot use NATS at ${o.url}: JetStream does not answer (${(e as Error).message}); ` +
        "start nats-server with -js",
    );
  }
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect" || s.type === "reconnect") o.log?.(`[nats] ${s.type}`);
    }
  })().catch(() => {});
  const js = jetstream(nc, { timeout: 5_000 });
  return {
    nc,
    js,
    jsm,
    kvm: new Kvm(js),
    async close() {
      if (nc.isClosed()) return;
      await nc.drain().catch(() => nc.close());
    },
  };
}

/** Milliseconds as JetStream's nanoseconds. */
export const nanos = (ms: number): number => Math.round(ms) * 1_000_000;

/** Whether `error` is JetStream refusing a write whose expected revision no longer holds. */
export function isRevisionConflict(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /wrong last sequence|key exists/i.test(text);
}

/** Whether `error` says a stream or consumer is not there. */
export function isNotFound(error: unknown): boolean {
  return /not found/i.test(String((error as Error)?.message ?? error));
}

/** Options of a bucket {@link openBucket} makes when it is missing. */
export interface BucketOptions {
  /** Revisions kept per key (1–64). */
  history?: number;
  /** How long a value is kept after its last write, ms (0: for ever). */
  ttlMs?: number;
  description?: string;
}

/** Opens a key-value bucket, creating it when it is missing (an existing one keeps its settings). */
export async function openBucket(nats: Nats, name: string, o: BucketOptions = {}) {
  const exists = await nats.jsm.streams.info(`KV_${name}`).then(() => true, (e) => {
    if (isNotFound(e)) return false;
    throw e;
  });
  if (exists) return await nats.kvm.open(name);
  return await nats.kvm.create(name, {
    history: o.history ?? 1,
    ttl: o.ttlMs ?? 0,
    description: o.description,
  });
}
