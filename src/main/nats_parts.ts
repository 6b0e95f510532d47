/**
 * The scale-out block of the composition root (gateway roles with `DENOFN_NATS_URL`): one NATS
 * connection, and over it what a gateway shares with its peers (docs/scale-out.md):
 *
 * - the async engine: jobs, results and idempotency keys in JetStream key-value buckets, work on
 *   a work-queue stream with a durable pull consumer per function, the store on a bucket whose
 *   stream feeds the triggers ({@link natsEngine}, handed to `async_parts.ts`);
 * - the gateway's entry among its peers (the versions it routes), which deploys wait for;
 * - the merged history, and the gateway id on `/metrics`.
 *
 * Records and bundles stay on the shared `registry/` volume (see the docs for why). Without
 * `DENOFN_NATS_URL` none of this is opened and the embedded defaults stay.
 */
import { join } from "node:path";
import type { Hono } from "hono";
import { createJsBackend } from "../async/mod.ts";
import {
  gatewayIdOf,
  openSharedHistory,
  Peers,
  peerWaitMiddleware,
  waitForPeers,
  type WaitingRegistry,
} from "../cluster/mod.ts";
import type { Config } from "../config/mod.ts";
import type { GatewayEnv } from "../gateway/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import { connectNats, type Nats } from "../nats/mod.ts";
import type { HistoryStore } from "../observe/mod.ts";
import type { CatalogEvent, RegistryControl } from "../registry/mod.ts";
import { JsDocumentStore, JsTriggers } from "../store/mod.ts";
import type { AsyncEngineFactory } from "./async_parts.ts";

/** What the block is opened with. */
export interface NatsPartsOptions {
  config: Config;
  dataDir: string;
  say: (line: string) => void;
}

/** The block. */
export interface NatsParts {
  readonly gatewayId: string;
  /** This gateway's own folder under the shared data folder (run folder, logs, history). */
  readonly localDir: string;
  /** The async engine on JetStream (for `openAsyncParts`). */
  readonly engine: AsyncEngineFactory;
  /** Publishes calls to, and answers from, the merged history (an observer and a store). */
  readonly history: HistoryStore;
  /** The registry the admin API builds through: builds wait for every live peer. */
  registry(registry: RegistryControl): WaitingRegistry;
  /** Adds the peer wait to deploy answers and the gateway id to `/metrics`; mount first. */
  mount(gateway: Hono<GatewayEnv>): void;
  /** Follows what this gateway routes. */
  onCatalog(event: CatalogEvent): void;
  /** Announces this gateway at `url`. */
  start(url: string): void;
  close(): Promise<void>;
}

/** Opens the block, or nothing without `DENOFN_NATS_URL`. */
export async function openNatsParts(o: NatsPartsOptions): Promise<NatsParts | undefined> {
  const { config, say } = o;
  if (!config.DENOFN_NATS_URL) return undefined;
  const gatewayId = gatewayIdOf(config.DENOFN_GATEWAY_ID);
  const nats = await connectNats({ url: config.DENOFN_NATS_URL, name: gatewayId, log: say });
  try {
    const peers = await Peers.open({ nats, id: gatewayId, log: say });
    const others = (await peers.live()).filter((p) => p.id === gatewayId);
    if (others.length) say(`[cluster] warning: a live gateway already uses the id ${gatewayId}`);
    const history = await openSharedHistory({
      nats,
      gatewayId,
      maxAgeSec: config.DENOFN_NATS_HISTORY_MAX_AGE_SEC,
      log: say,
    });
    let waiting: WaitingRegistry | undefined;
    say(`[cluster] gateway ${gatewayId} on NATS JetStream at ${config.DENOFN_NATS_URL}`);
    return {
      gatewayId,
      localDir: join(o.dataDir, "gateways", gatewayId),
      engine: natsEngine(nats, config, say),
      history,
      registry(registry) {
        return waiting ??= waitForPeers(registry, peers, config.DENOFN_DEPLOY_PEER_WAIT_MS, say);
      },
      mount(gateway) {
        if (waiting) {
          gateway.use("/admin/functions/:name", peerWaitMiddleware(waiting));
          gateway.use("/admin/functions/:name/rebuild", peerWaitMiddleware(waiting));
        }
        gateway.use("/metrics", async (c, next) => {
          await next();
          if (c.res.status !== 200) return;
          const text = (await c.res.text()) +
            "# HELP denofn_gateway_info This gateway's id among its peers (DENOFN_GATEWAY_ID).\n" +
            "# TYPE denofn_gateway_info gauge\n" +
            `denofn_gateway_info{gateway="${gatewayId}"} 1\n`;
          c.res = new Response(text, c.res);
        });
      },
      onCatalog(event) {
        if (event.type === "upsert") peers.setRoute(event.record.name, event.record.builtAt);
        else peers.setRoute(event.name, undefined);
      },
      start: (url) => peers.start(url),
      async close() {
        await peers.close().catch(() => {});
        await history.close().catch(() => {});
        await nats.close();
      },
    };
  } catch (e) {
    await nats.close();
    throw e;
  }
}

/** The async engine on JetStream (see `async_parts.ts` for what an engine is). */
function natsEngine(nats: Nats, config: Config, say: (line: string) => void): AsyncEngineFactory {
  return async (ctx) => {
    const ackWaitMs = config.DENOFN_NATS_ACK_WAIT_MS;
    const backend = await createJsBackend({
      nats,
      ackWaitMs,
      maxDeliver: config.DENOFN_NATS_MAX_DELIVER,
      // Long enough for a dead letter's TTL, a day past it.
      retentionMs: (config.DENOFN_ASYNC_DEAD_TTL_SEC + 86_400) * 1000,
      capacity: (fn) => ctx.concurrency(fn) * 2,
      log: say,
    });
    const documents = await JsDocumentStore.open(nats, ctx.subscribers, ctx.maxDocBytes);
    const triggers = new JsTriggers({
      nats,
      service: ctx.service,
      subscribed: ctx.subscribed,
      ackWaitMs,
      onDelivered: ctx.onDelivered,
      log: say,
    });
    const known = new Map<string, FunctionRecord | undefined>();
    let started = false;
    const follow = (name: string, record: FunctionRecord | undefined) => {
      backend.follow(name); // a removed function's jobs still run (and end as 404 dead letters)
      triggers.apply(name, [...new Set(record?.manifest?.triggers.map((t) => t.store))]);
    };
    return {
      backend,
      documents,
      recoverOnStart: false,
      onCatalog(event) {
        const name = event.type === "upsert" ? event.record.name : event.name;
        const record = event.type === "upsert" ? event.record : undefined;
        known.set(name, record);
        if (started) follow(name, record);
      },
      async start() {
        started = true;
        for (const [name, record] of known) follow(name, record);
        await backend.start();
      },
      stopTaking() {
        backend.stopPulling();
        void triggers.close();
      },
      async stop() {
        await triggers.close();
        await backend.close();
      },
      close() {},
    };
  };
}
