/**
 * Gateways that see each other: each live gateway keeps an entry in the key-value bucket
 * `denofn_gateways` (its id, URL, and the version it routes of each function, by `builtAt`),
 * written every `heartbeatMs` and at once when what it routes changes. An entry not refreshed
 * for three heartbeats is a lost gateway (the bucket forgets it after five). A deploy asks
 * {@link Peers.waitRouted} which live gateways route the new version, within a bound.
 */
import type { KV } from "@nats-io/kv";
import { type Nats, openBucket } from "../nats/mod.ts";

/** The bucket. */
export const GATEWAYS_BUCKET = "denofn_gateways";

/** What a gateway says of itself. */
export interface PeerInfo {
  id: string;
  url: string;
  startedAt: number;
  seenAt: number;
  /** Function name → `builtAt` of the record it routes. */
  routes: Record<string, string>;
}

/** Which live gateways route a version, and which do not (yet). */
export interface PeerWait {
  routed: string[];
  lagging: string[];
  waitedMs: number;
}

/** Options of {@link Peers.open}. */
export interface PeersOptions {
  nats: Nats;
  id: string;
  /** Default 2 000 ms. */
  heartbeatMs?: number;
  log?: (line: string) => void;
}

/** This gateway's entry and its view of the others. */
export class Peers {
  readonly #self: PeerInfo;
  readonly #heartbeatMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;
  #closed = false;

  private constructor(private readonly kv: KV, private readonly o: PeersOptions) {
    this.#heartbeatMs = o.heartbeatMs ?? 2_000;
    this.#self = { id: o.id, url: "", startedAt: Date.now(), seenAt: 0, routes: {} };
  }

  /** Opens the bucket (its values expire five heartbeats after their last write). */
  static async open(o: PeersOptions): Promise<Peers> {
    const kv = await openBucket(o.nats, GATEWAYS_BUCKET, {
      ttlMs: 5 * (o.heartbeatMs ?? 2_000),
      description: "denofn gateways: who is live and which version of each function it routes",
    });
    return new Peers(kv, o);
  }

  get id(): string {
    return this.#self.id;
  }

  /** Starts announcing this gateway at `url`. */
  start(url: string): void {
    this.#self.url = url;
    this.#announce();
    this.#timer = setInterval(() => this.#announce(), this.#heartbeatMs);
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  /** Sets the version this gateway routes of `fn` (`undefined`: none) and says so now. */
  setRoute(fn: string, builtAt: string | undefined): void {
    if (builtAt === undefined) delete this.#self.routes[fn];
    else this.#self.routes[fn] = builtAt;
    if (this.#timer !== undefined) this.#announce();
  }

  /** Live gateways (this one included once started). */
  async live(now = Date.now()): Promise<PeerInfo[]> {
    const out: PeerInfo[] = [];
    const keys = new Set<string>(); // a key written while they are listed comes twice
    for await (const key of await this.kv.keys()) keys.add(key);
    for (const key of keys) {
      const entry = await this.kv.get(key);
      if (entry?.operation !== "PUT") continue;
      const info = entry.json<PeerInfo>();
      if (info.seenAt > now - 3 * this.#heartbeatMs) out.push(info);
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Waits until every live gateway's route of `fn` satisfies `done`, or `boundMs` passed.
   * Gateways that join meanwhile count too.
   */
  async waitRouted(
    fn: string,
    done: (builtAt: string | undefined) => boolean,
    boundMs: number,
  ): Promise<PeerWait> {
    const started = Date.now();
    while (true) {
      const live = await this.live();
      const routed = live.filter((p) => done(p.routes[fn])).map((p) => p.id);
      const lagging = live.filter((p) => !done(p.routes[fn])).map((p) => p.id);
      const waitedMs = Date.now() - started;
      if (lagging.length === 0 || waitedMs >= boundMs) return { routed, lagging, waitedMs };
      await new Promise((r) => setTimeout(r, Math.min(100, boundMs - waitedMs)));
    }
  }

  /** Stops announcing and removes this gateway's entry (deploys stop waiting for it). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#writing;
    await this.kv.delete(this.#self.id).catch(() => {});
  }

  /** Writes the entry; writes asked for meanwhile collapse into one. */
  #announce(): void {
    if (this.#dirty || this.#closed) return;
    this.#dirty = true;
    this.#writing = this.#writing.then(async () => {
      this.#dirty = false;
      if (this.#closed) return;
      this.#self.seenAt = Date.now();
      await this.kv.put(this.#self.id, JSON.stringify(this.#self));
    }).catch((e) => this.o.log?.(`[cluster] cannot announce ${this.#self.id}: ${e.message}`));
  }
}
