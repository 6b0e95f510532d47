/**
 * THE composition root: the one place that turns a validated configuration into a running
 * platform. `deno task start`, both compose roles, the bench and the integration tests all start
 * the platform through {@link startPlatform}, so every way of running it has the same surface.
 *
 * Roles (`DENOFN_ROLE`):
 * - `all` (default): registry, gateway, admin API and metrics in one process. The registry's
 *   record events are the router's only feed, so a deploy is routed before it answers.
 * - `registry`: builds `registry_in/` into `registry/`, runs manifest tests on the same runtime
 *   code as traffic, and serves `/healthz`, `/readyz` and the registry API for gateways.
 * - `gateway`: routes `/fn`, serves `/admin` and `/metrics`; its feed is the shared `registry/`
 *   folder, and deploys are built by the registry service at `DENOFN_REGISTRY_URL`.
 */
import { join, resolve } from "node:path";
import { Hono } from "hono";
import { adminPlatformFrom, createAdminApp, functionLoads, loadAdminToken } from "../admin/mod.ts";
import type { AdminToken } from "../admin/mod.ts";
import { type Config, manifestDefaults } from "../config/mod.ts";
import { dockerParts } from "../docker/mod.ts";
import {
  createDirectLane,
  createGatewayApp,
  type DirectLane,
  type FnRouteDeps,
  gatewayHandler,
  serveHttp,
} from "../gateway/mod.ts";
import {
  consoleLogSink,
  createHopTracer,
  createMetricsHandler,
  createObservability,
  ensureLogging,
  fanOut,
  type FunctionLogSink,
  type Observability,
  tracingEnabled,
} from "../observe/mod.ts";
import {
  type CatalogEvent,
  connectRegistry,
  describeBuild,
  type RegistryControl,
  startRegistry,
} from "../registry/mod.ts";
import {
  createProcessStarter,
  createVerifier,
  permissionFlags,
  platformEnvStarter,
  RunFolder,
  Runtimes,
  SpareBudget,
  Supervisor,
} from "../runtime/mod.ts";
import { createUiApp, UI_BASE } from "../ui/mod.ts";
import { createRegistryService } from "./registry_service.ts";
import { supabaseEnv } from "./supabase_env.ts";
import { openAccessParts } from "./access_parts.ts";
import { openAsyncParts } from "./async_parts.ts";
import { openNatsParts } from "./nats_parts.ts";
import { openSandbox } from "./sandbox_parts.ts";
import { Teardown } from "./teardown.ts";
import type { FunctionRecord } from "../manifest/record.ts";

/** What a caller of {@link startPlatform} may replace (tests and the bench). */
export interface PlatformOverrides {
  /** Function log lines also go here (default: the console). */
  echo?: FunctionLogSink;
  /** Registry and platform event lines (default: stdout). */
  say?: (line: string) => void;
}

/** A running platform (any role). */
export interface Platform {
  readonly role: Config["DENOFN_ROLE"];
  /** Base URL it listens on, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  /** Where the dashboard answers, when it is on (gateway roles). */
  readonly uiUrl?: string;
  /** Settles when the registry finished its first scan (what `/readyz` reports). */
  readonly ready: Promise<void>;
  readonly adminToken: AdminToken;
  /** The registry, local (`all`, `registry`) or remote (`gateway`). */
  readonly registry: RegistryControl;
  /** Instances of every function (gateway roles). */
  readonly supervisor?: Supervisor;
  /** Logs, history, metrics and counters (gateway roles). */
  readonly observability?: Observability;
  /** The edge's direct lane (gateway roles, `DENOFN_DIRECT_LANE=on`): how many calls it took. */
  readonly directLane?: { readonly taken: number };
  /** The HTTP surface (minus the `/fn` fast path), for in-process requests in tests. */
  readonly app: { request(path: string, init?: RequestInit): Response | Promise<Response> };
  /** Stops taking calls, drains them within the grace period, stops every part. */
  close(): Promise<void>;
}

/** Starts the parts of `config.DENOFN_ROLE`; resolves once listening (see `ready`). */
export async function startPlatform(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<Platform> {
  ensureLogging(); // pretty output unless the process entry chose a format
  const say = overrides.say ?? ((line: string) => console.log(line));
  const role = config.DENOFN_ROLE;
  const routes = role !== "registry";
  const dataDir = resolve(config.DENOFN_DATA);
  const registryDir = resolve(config.DENOFN_REGISTRY);
  const registryInDir = resolve(config.DENOFN_REGISTRY_IN);
  const templatesDir = resolve(config.DENOFN_TEMPLATES);
  const teardown = new Teardown();
  try {
    await Deno.mkdir(registryDir, { recursive: true });
    const adminToken = await loadAdminToken(dataDir, {
      DENOFN_ADMIN_TOKEN: config.DENOFN_ADMIN_TOKEN,
    });
    // Scale-out (DENOFN_NATS_URL, gateway roles): what gateways share lives in NATS JetStream;
    // this gateway's own files (and its containers' owner) derive from a folder of its own
    // (nats_parts.ts, docs/scale-out.md).
    const nats = routes ? await openNatsParts({ config, dataDir, say }) : undefined;
    if (nats) teardown.add(() => nats.close());
    const localDir = nats?.localDir ?? dataDir;
    const docker = await dockerParts({
      mode: config.DENOFN_DOCKER,
      templatesDir,
      dataDir: localDir,
      owner: config.DENOFN_DOCKER_OWNER,
      network: config.DENOFN_DOCKER_NETWORK,
      pip: { indexUrl: config.DENOFN_PIP_INDEX_URL, findLinks: config.DENOFN_PIP_FIND_LINKS },
    });
    teardown.add(() => docker.cleanup());
    say(`[platform] ${role}: ${docker.summary}`);
    // Accounts, keys, ownership and secrets (every role): one KV database, see access_parts.ts.
    const access = await openAccessParts({ config, dataDir, adminToken: adminToken.token, say });
    teardown.add(() => access.close());

    // What a previous run of this role left behind (kill -9) goes before anything starts.
    const runFolder = new RunFolder(join(localDir, "run", role));
    const reaped = await runFolder.reap();
    if (reaped) say(`[platform] stopped ${reaped} function process(es) left by a previous run`);
    const socketDir = await Deno.makeTempDir({ prefix: "denofn-" });
    await runFolder.recordSocketDir(socketDir);
    teardown.add(() => Deno.remove(socketDir, { recursive: true }).catch(() => {}));
    // As root, function processes run as unprivileged users of their own (sandbox_parts.ts).
    const sandbox = await openSandbox(config, socketDir, say);
    if (sandbox) teardown.add(() => sandbox.close());
    // Async jobs, schedules and the store (gateway roles): one KV database, see async_parts.ts.
    const asyncParts = routes && config.DENOFN_ASYNC === "on"
      ? await openAsyncParts({ config, dataDir, socketDir, say, engine: nats?.engine })
      : undefined;
    if (asyncParts) teardown.add(() => asyncParts.close());
    // Every function also gets the SUPABASE_* names the configuration sets (supabase_env.ts).
    const fnEnv = supabaseEnv(config);
    const runtimes = new Runtimes({
      process: access.starter(platformEnvStarter(
        createProcessStarter({
          registryDir,
          socketDir,
          runFolder,
          store: asyncParts?.storeGrants,
          sandbox,
        }),
        fnEnv,
      )),
      container: docker.containerStarter &&
        access.starter(platformEnvStarter(docker.containerStarter, fnEnv)),
      readyTimeoutMs: config.DENOFN_READY_TIMEOUT_MS,
    });

    const echo = overrides.echo ?? consoleLogSink;
    const observability = routes
      ? await createObservability({ dataDir: localDir, echo })
      : undefined;
    if (observability) teardown.add(() => observability.close());
    const logs = observability?.sink ?? echo;
    const spares = config.DENOFN_SPARES_MB > 0
      ? new SpareBudget(config.DENOFN_SPARES_MB, config.DENOFN_SPARE_TTL_SEC * 1000)
      : undefined;
    const supervisor = routes ? new Supervisor({ runtimes, logs, spares }) : undefined;
    const buildLine = (fn: string, line: string) =>
      observability?.logs.write({ ts: Date.now(), fn, instance: "build", stream: "system", line });
    if (supervisor) teardown.add(() => supervisor.close(0));
    const route = (event: CatalogEvent) => {
      if (event.type === "upsert") {
        supervisor?.upsert(event.record);
        // A new function's user is made ready before its first call needs it.
        if (event.record.status === "ready" && !event.record.image) {
          sandbox?.warmUser(event.record.name);
        }
      } else {
        // Drop the function's metric series once its last call is done (unless it came back).
        void supervisor?.remove(event.name).then(() => {
          if (!supervisor.get(event.name)) observability?.metrics.forget(event.name);
        });
      }
      asyncParts?.onCatalog(event);
      nats?.onCatalog(event);
    };

    const registry: RegistryControl = role === "gateway"
      ? connectRegistry({
        url: config.DENOFN_REGISTRY_URL!,
        token: adminToken.token,
        outDir: registryDir,
        onChange: route,
        log: say,
        // With peers, registry/ may be shared between machines (NFS): read it again every 2 s.
        rescanMs: nats ? 2_000 : undefined,
      })
      : await startRegistry({
        inDir: registryInDir,
        outDir: registryDir,
        templatesDir,
        defaults: manifestDefaults(config),
        buildCacheDir: config.DENOFN_BUILD_CACHE,
        builders: docker.builders,
        log: say,
        // Every build's output and outcome also goes to the function's own log.
        buildLog: (name, line) => {
          say(`[registry] ${name} | ${line}`);
          buildLine(name, line);
        },
        onBuilt: (record) => buildLine(record.name, describeBuild(record)),
        onChange: routes ? route : undefined,
        verify: withSecretsVerify(
          access.withSecrets,
          createVerifier({
            starterFor: (r) => runtimes.starterFor(r),
            readyTimeoutMs: (r) => runtimes.readyTimeoutMs(r),
            registryDir,
            logs,
          }),
        ),
      });
    teardown.add(() => registry.close());
    if (role === "all") { for (const record of registry.list()) route({ type: "upsert", record }); }
    let isReady = false;
    const ready = registry.ready.then(() => void (isReady = true));

    let app: Platform["app"];
    let uiApp: Hono | undefined;
    let handler: Parameters<typeof serveHttp>[0]["handler"];
    let lane: DirectLane | undefined;
    if (supervisor && observability) {
      const deps: FnRouteDeps = {
        supervisor,
        registryDir,
        sandbox,
        logs,
        observer: nats ? fanOut(observability.observer, nats.history) : observability.observer,
        ready: () => isReady,
        tracer: tracingEnabled(config) ? createHopTracer() : undefined,
        guard: access.guard,
        withSecrets: access.withSecrets,
      };
      // With peers, the admin API's builds answer once every live gateway routes them.
      const adminRegistry = nats?.registry(registry) ?? registry;
      const gatewayApp = createGatewayApp(deps, (gateway) => {
        nats?.mount(gateway);
        asyncParts?.mount(gateway, {
          deps,
          supervisor,
          adminToken: adminToken.token,
          metrics: config.DENOFN_METRICS === "on",
        });
        if (config.DENOFN_METRICS === "on") {
          observability.metrics.setLoadReader(() => functionLoads(supervisor));
          gateway.get(
            "/metrics",
            createMetricsHandler(observability.metrics, () => registry.list()),
          );
        }
        if (config.DENOFN_ADMIN === "off") return;
        access.mount(gateway);
        gateway.route(
          "/admin",
          createAdminApp({
            platform: adminPlatformFrom({ registryInDir, registry: adminRegistry, supervisor }),
            token: adminToken.token,
            accounts: access.accounts,
            secrets: access.secrets,
            logs: observability.logs,
            history: nats?.history ?? observability.history,
            counters: observability.counters,
            async: asyncParts?.service,
            permissionFlags: (r) =>
              permissionFlags(r.manifest!, {
                sourceDir: r.sourceDir,
                bundle: resolve(registryDir, r.bundle ?? ""),
              }),
            limits: {
              maxUploadBytes: config.DENOFN_DEPLOY_MAX_UPLOAD_BYTES,
              maxFiles: config.DENOFN_DEPLOY_MAX_FILES,
              maxUnpackedBytes: config.DENOFN_DEPLOY_MAX_UNPACKED_BYTES,
            },
            ready,
          }),
        );
        // The dashboard (it drives the admin API in-process); `/` sends browsers to it.
        if (config.DENOFN_UI === "on") {
          const upstream = (req: Request, env?: object) => gateway.fetch(req, env);
          // On the gateway's origin by default, or on its own port (DENOFN_UI_PORT).
          const ui = createUiApp({ secret: adminToken.token, upstream });
          const toUi = () => new Response(null, { status: 302, headers: { location: UI_BASE } });
          if (config.DENOFN_UI_PORT === undefined) gateway.route(UI_BASE, ui).get("/", toUi);
          else uiApp = new Hono().route(UI_BASE, ui).get("/", toUi);
        }
      });
      app = gatewayApp;
      if (config.DENOFN_DIRECT_LANE === "on") lane = createDirectLane(deps);
      handler = gatewayHandler(gatewayApp, deps, {
        supabase: config.DENOFN_SUPABASE_ROUTES === "on",
      });
      if (asyncParts) teardown.add(() => asyncParts.stop()); // before the supervisor stops
    } else {
      const service = createRegistryService(registry, adminToken.token, () => isReady);
      app = service;
      handler = (req) => service.fetch(req);
    }

    const server = await serveHttp({
      port: config.PORT,
      hostname: config.DENOFN_HOSTNAME,
      handler,
      lane: lane?.offer,
      limits: {
        headerTimeoutMs: config.DENOFN_HEADER_TIMEOUT_MS,
        keepAliveTimeoutMs: config.DENOFN_KEEPALIVE_TIMEOUT_MS,
        maxHeaders: config.DENOFN_MAX_HEADERS,
        maxHeaderBytes: config.DENOFN_MAX_HEADER_BYTES,
      },
    });
    teardown.add(() => server.shutdown(config.DENOFN_SHUTDOWN_GRACE_MS));
    const uiOwn = uiApp;
    const uiServer = uiOwn && await serveHttp({
      port: config.DENOFN_UI_PORT!,
      hostname: config.DENOFN_HOSTNAME,
      handler: (req) => uiOwn.fetch(req),
    });
    if (uiServer) teardown.add(() => uiServer.shutdown(config.DENOFN_SHUTDOWN_GRACE_MS));
    await asyncParts?.start(server.url);
    nats?.start(server.url);
    return {
      role,
      url: server.url,
      uiUrl: routes && config.DENOFN_UI === "on"
        ? `${uiServer?.url ?? server.url}${UI_BASE}`
        : undefined,
      ready,
      adminToken,
      registry,
      supervisor,
      observability,
      directLane: lane,
      app,
      close: () => teardown.run(),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

/** A manifest test runs with the function's secrets, as its traffic will (stdin mode too). */
function withSecretsVerify(
  withSecrets: (r: FunctionRecord) => Promise<FunctionRecord>,
  verify: (r: FunctionRecord) => Promise<string | undefined>,
) {
  return async (record: FunctionRecord) => verify(await withSecrets(record));
}
