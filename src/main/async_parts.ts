/**
 * The async block of the composition root (gateway roles): an engine holding async jobs, the
 * store and the queue (by default one Deno KV database under `DENOFN_DATA`, see
 * {@link kvEngine}; with `DENOFN_NATS_URL`, NATS JetStream, see `nats_parts.ts`); the async
 * service with its runner and callbacks; store documents, triggers and the per-function store
 * sockets; the scheduler. `platform.ts` opens it before the runtimes (the process starter hands
 * out store sockets), mounts it on the gateway once the supervisor exists, and feeds it the
 * registry's records.
 */
import { join } from "node:path";
import type { Hono } from "hono";
import {
  type AsyncBackend,
  type AsyncLimits,
  type AsyncMetrics,
  AsyncService,
  type AtomicExtra,
  createAsyncMetrics,
  createKvBackend,
  DEFAULT_ASYNC_SETTINGS,
  type FunctionAsyncSettings,
  type Job,
  type JobTrigger,
  KvQueue,
  mountAsyncRoutes,
} from "../async/mod.ts";
import type { Config } from "../config/mod.ts";
import { callFunction, type FnRouteDeps, type GatewayEnv } from "../gateway/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { CatalogEvent } from "../registry/mod.ts";
import type { StoreGrantSource, Supervisor } from "../runtime/mod.ts";
import { Scheduler, scheduleSpec } from "../schedule/mod.ts";
import {
  adminAuthorize,
  type ChangeKind,
  createStoreApp,
  createStoreTokens,
  type Documents,
  DocumentStore,
  functionAuthorize,
  StoreSockets,
  type Subscribers,
  TriggerDelivery,
} from "../store/mod.ts";

/** What the block is opened with. */
export interface AsyncPartsOptions {
  config: Config;
  dataDir: string;
  socketDir: string;
  say: (line: string) => void;
  /** Where jobs and documents live (default: {@link kvEngine} under `dataDir`). */
  engine?: AsyncEngineFactory;
}

/** What an engine is built with: the parts of this block it serves. */
export interface EngineContext {
  /** Functions whose triggers name a collection. */
  subscribers: Subscribers;
  /** Whether `fn` subscribes to this change now. */
  subscribed(fn: string, collection: string, kind: ChangeKind): boolean;
  /** The service (set once the block is mounted). */
  service(): AsyncService;
  onDelivered(fn: string, collection: string): void;
  /** Async runs of `fn` a process takes on at once. */
  concurrency(fn: string): number;
  maxDocBytes: number;
}

/** Where jobs, documents and their triggers live. */
export interface AsyncEngine {
  backend: AsyncBackend;
  documents: Documents;
  /** Writes that commit with a job's end (the embedded triggers' cursor). */
  endExtra?(job: Job): AtomicExtra | undefined;
  /** Told once a job has ended. */
  onEnded?(job: Job): Promise<void> | void;
  /**
   * Whether pending jobs are rescheduled at start: the embedded queue is this process's own; on
   * JetStream a lost gateway's work goes to its peers by itself, and a start must not reschedule
   * attempts that run on a peer.
   */
  readonly recoverOnStart: boolean;
  /** Follows deploys and deletes. */
  onCatalog?(event: CatalogEvent): void;
  /** Starts delivering work (once the service exists). */
  start(): Promise<void>;
  /** Stops taking work (before the service stops). */
  stopTaking(): void;
  /** Hands back what is still held (after the service stopped). */
  stop(): Promise<void>;
  close(): void;
}

/** Builds an engine. */
export type AsyncEngineFactory = (ctx: EngineContext) => Promise<AsyncEngine>;

/** The embedded engine: jobs, documents, triggers and the queue in one Deno KV database. */
export function kvEngine(dataDir: string): AsyncEngineFactory {
  return async (ctx) => {
    await Deno.mkdir(dataDir, { recursive: true });
    const kv = await Deno.openKv(join(dataDir, "kv.sqlite"));
    const queue = new KvQueue(kv);
    const documents = new DocumentStore(queue, ctx.subscribers, ctx.maxDocBytes);
    const triggers = new TriggerDelivery({
      queue,
      documents,
      service: ctx.service,
      subscribed: ctx.subscribed,
      onDelivered: ctx.onDelivered,
    });
    return {
      backend: createKvBackend(queue),
      documents,
      endExtra: (job) => triggers.endExtra(job),
      onEnded: (job) => triggers.onEnded(job),
      recoverOnStart: true,
      async start() {
        queue.start();
        await triggers.sweep();
      },
      stopTaking() {
        triggers.stop();
        queue.stop();
      },
      stop: () => Promise.resolve(),
      close: () => kv.close(),
    };
  };
}

/** What it is mounted with, once the gateway's parts exist. */
export interface AsyncMountDeps {
  deps: FnRouteDeps;
  supervisor: Supervisor;
  adminToken: string;
  metrics: boolean;
}

/** The async block. */
export interface AsyncParts {
  /** The process starter's source of store sockets and tokens. */
  readonly storeGrants: StoreGrantSource;
  /** The service (set by {@link AsyncParts.mount}); the admin API lists and replays through it. */
  readonly service: AsyncService | undefined;
  readonly metrics: AsyncMetrics | undefined;
  /** Mounts `/async`, `/store` and the metrics on the gateway. */
  mount(gateway: Hono<GatewayEnv>, with_: AsyncMountDeps): AsyncService;
  /** Follows deploys and deletes (schedules, triggers, store sockets). */
  onCatalog(event: CatalogEvent): void;
  /** Recovers pending jobs and starts the queue, once the server listens on `url`. */
  start(url: string): Promise<void>;
  /** Stops schedules, attempts and sockets (before the supervisor stops). */
  stop(): Promise<void>;
  /** Closes the database. */
  close(): void;
}

function limitsOf(config: Config): AsyncLimits {
  return {
    maxBodyBytes: config.DENOFN_ASYNC_MAX_BODY_BYTES,
    maxResultBytes: config.DENOFN_ASYNC_MAX_RESULT_BYTES,
    maxHeaderBytes: 32 * 1024,
    deadTtlSec: config.DENOFN_ASYNC_DEAD_TTL_SEC,
    callbackAttempts: config.DENOFN_CALLBACK_ATTEMPTS,
    callbackBackoffMs: config.DENOFN_CALLBACK_BACKOFF_MS,
    callbackTimeoutMs: 10_000,
  };
}

/**
 * Async settings of a record: its manifest's, with the concurrency kept below the function's
 * total capacity so that queued work always leaves live calls a place.
 */
export function settingsOf(record: FunctionRecord | undefined): FunctionAsyncSettings {
  const m = record?.manifest;
  if (!m) return DEFAULT_ASYNC_SETTINGS;
  const capacity = m.concurrency * m.maxInstances;
  const concurrency = Math.max(1, Math.min(m.async.concurrency, capacity - 1));
  return { ...m.async, concurrency };
}

/** Opens the database and the parts that need no gateway yet. */
export async function openAsyncParts(o: AsyncPartsOptions): Promise<AsyncParts> {
  const { config } = o;
  const tokens = createStoreTokens();
  let supervisor: Supervisor | undefined;
  const record = (fn: string) => supervisor?.get(fn)?.record;
  const triggersOf = (fn: string) => record(fn)?.manifest?.triggers ?? [];
  let subscriberCache: Map<string, { fn: string; on: ChangeKind[] }[]> | undefined;
  const subscribers = (collection: string) => {
    if (!subscriberCache) {
      subscriberCache = new Map();
      for (const pool of supervisor?.pools() ?? []) {
        for (const t of pool.record.manifest?.triggers ?? []) {
          const list = subscriberCache.get(t.store) ?? [];
          list.push({ fn: pool.name, on: t.on });
          subscriberCache.set(t.store, list);
        }
      }
    }
    return subscriberCache.get(collection) ?? [];
  };
  let service: AsyncService | undefined;
  let metrics: AsyncMetrics | undefined;
  const engine = await (o.engine ?? kvEngine(o.dataDir))({
    subscribers,
    subscribed: (fn, c, kind) => triggersOf(fn).some((t) => t.store === c && t.on.includes(kind)),
    service: () => service!,
    onDelivered: (fn, c) => metrics?.triggerDelivered(fn, c),
    concurrency: (fn) => settingsOf(record(fn)).concurrency,
    maxDocBytes: config.DENOFN_STORE_MAX_DOC_BYTES,
  });
  const documents = engine.documents;
  const grantsOf = (fn: string) => record(fn)?.manifest?.permissions.store ?? [];
  const storeOp = (op: string, status: number) => metrics?.storeOp(op, status);
  const socketApps = new Map<string, ReturnType<typeof createStoreApp>>();
  const sockets = new StoreSockets(o.socketDir, (req, fn) => {
    let app = socketApps.get(fn);
    if (!app) {
      const authorize = functionAuthorize(fn, tokens, grantsOf);
      app = createStoreApp({ documents, authorize, onOp: storeOp });
      socketApps.set(fn, app);
    }
    const url = new URL(req.url);
    if (!url.pathname.startsWith("/store/")) {
      return Response.json({ error: "Only /store is served here", code: "not_found" }, {
        status: 404,
      });
    }
    return app.fetch(new Request(new URL(url.pathname.slice(6) + url.search, url), req));
  });
  let scheduler: Scheduler | undefined;
  let selfPort: number | undefined;
  const applySchedule = (r: FunctionRecord) => {
    if (r.status !== "ready") return; // a failed build: the last good version keeps its schedule
    const s = r.manifest?.schedule;
    scheduler?.apply(r.name, s ? scheduleSpec(s) : undefined);
  };

  return {
    storeGrants: {
      async grant(r) {
        if (!r.manifest?.permissions.store?.length) return undefined;
        return { socket: await sockets.socketFor(r.name), token: tokens.issue(r.name) };
      },
    },
    get service() {
      return service;
    },
    get metrics() {
      return metrics;
    },
    mount(gateway, w) {
      supervisor = w.supervisor;
      const observed = (trigger: JobTrigger): FnRouteDeps => ({
        ...w.deps,
        observer: {
          onInvocation: (r) => w.deps.observer?.onInvocation({ ...r, trigger }),
        },
      });
      const viaTrigger = {
        async: observed("async"),
        cron: observed("cron"),
        store: observed("store"),
      };
      let depth: AsyncService["depth"] = () => ({});
      metrics = createAsyncMetrics(() => depth());
      service = new AsyncService({
        backend: engine.backend,
        call: (req, job) => callFunction(viaTrigger[job.trigger], req),
        settingsOf: (fn) => settingsOf(record(fn)),
        limits: limitsOf(config),
        callbackPolicy: {
          allow: config.DENOFN_CALLBACK_ALLOW.split(",").map((s) => s.trim()).filter(Boolean),
          selfPort: () => selfPort,
        },
        endExtra: (job) => engine.endExtra?.(job),
        onEnded: (job) => engine.onEnded?.(job),
        observer: metrics.observer,
      });
      depth = (now) => service!.depth(now);
      scheduler = new Scheduler({
        service,
        onFired: (fn) => metrics?.cronFired(fn),
        onError: (fn, e) => o.say(`[schedule] ${fn}: cannot queue a run: ${e.message}`),
      });
      for (const pool of w.supervisor.pools()) applySchedule(pool.record);
      mountAsyncRoutes(gateway, {
        service,
        lookup: (name) => {
          const r = record(name);
          return r
            ? { maxBodyBytes: r.manifest?.maxBodyBytes ?? 0, ready: r.status === "ready" }
            : undefined;
        },
        ready: w.deps.ready,
        maxBodyBytes: config.DENOFN_ASYNC_MAX_BODY_BYTES,
        maxHeaderBytes: 32 * 1024,
        maxResultBytes: config.DENOFN_ASYNC_MAX_RESULT_BYTES,
      });
      gateway.route(
        "/store",
        createStoreApp({
          documents,
          authorize: adminAuthorize(w.adminToken, tokens),
          onOp: storeOp,
        }),
      );
      if (w.metrics) {
        gateway.use("/metrics", async (c, next) => {
          await next();
          if (c.res.status !== 200) return;
          const text = (await c.res.text()) + (await metrics!.render());
          c.res = new Response(text, c.res);
        });
      }
      return service;
    },
    onCatalog(event) {
      subscriberCache = undefined;
      socketApps.clear();
      if (event.type === "upsert") applySchedule(event.record);
      else {
        scheduler?.apply(event.name, undefined);
        void sockets.close(event.name);
      }
      engine.onCatalog?.(event);
    },
    async start(url) {
      selfPort = Number(new URL(url).port);
      if (!service) return;
      if (engine.recoverOnStart) {
        const recovered = await service.recover();
        if (recovered) o.say(`[async] rescheduled ${recovered} pending job(s) after a restart`);
      }
      await engine.start();
      service.startSweeping();
    },
    async stop() {
      scheduler?.close();
      engine.stopTaking();
      await service?.close();
      await engine.stop();
      await sockets.closeAll();
    },
    close() {
      engine.close();
    },
  };
}
