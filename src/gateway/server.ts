/**
 * The execution server: follows the registry's records, supervises function instances, and
 * serves the gateway app. Runs inside `src/main.ts` with the registry, or alone.
 */
import type { Hono } from "hono";
import { resolve } from "node:path";
import { type Config, ConfigError } from "../config/mod.ts";
import type { FunctionLogSink, InvocationObserver } from "../observe/types.ts";
import { watchCatalog } from "../registry/mod.ts";
import { createProcessStarter, type InstanceStarter, Supervisor } from "../runtime/mod.ts";
import { createGatewayApp, type GatewayEnv, gatewayHandler } from "./app.ts";

/** What the execution server is assembled from. */
export interface ExecutionServerOptions {
  config: Config;
  /** Where function output goes (default: the platform's stdout). */
  logs?: FunctionLogSink;
  observer?: InvocationObserver;
  containerStarter?: InstanceStarter;
  /** Mounts more routes (admin, metrics, UI) on the app. */
  extend?: (app: Hono<GatewayEnv>, supervisor: Supervisor) => void;
}

/** A running execution server. */
export interface ExecutionServer {
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  readonly port: number;
  readonly supervisor: Supervisor;
  /** Stops accepting calls, drains in-flight ones up to the grace period, stops every instance. */
  close(): Promise<void>;
}

/** Prints function output as `[fn name/instance] line`. */
export const consoleLogSink: FunctionLogSink = {
  write(l) {
    const line = `[fn ${l.instance}${l.requestId ? ` ${l.requestId}` : ""}] ${l.line}`;
    if (l.stream === "stderr") console.error(line);
    else console.log(line);
  },
};

/** Starts the execution server on `config.PORT` (0 picks a free port). */
export async function startExecutionServer(
  options: ExecutionServerOptions,
): Promise<ExecutionServer> {
  const { config } = options;
  const registryDir = resolve(config.DENOFN_REGISTRY);
  await Deno.mkdir(registryDir, { recursive: true });
  const socketDir = await Deno.makeTempDir({ prefix: "denofn-" });
  const logs = options.logs ?? consoleLogSink;
  const supervisor = new Supervisor({
    processStarter: createProcessStarter({ registryDir, socketDir }),
    containerStarter: options.containerStarter,
    logs,
    readyTimeoutMs: config.DENOFN_READY_TIMEOUT_MS,
  });
  const catalog = watchCatalog(registryDir, (event) => {
    if (event.type === "upsert") supervisor.upsert(event.record);
    else supervisor.remove(event.name);
  });
  const loaded = catalog.initial.then((records) => records.forEach((r) => supervisor.upsert(r)));
  const deps = { supervisor, registryDir, logs, observer: options.observer };
  const app = createGatewayApp(deps, (a) => options.extend?.(a, supervisor));
  const handler = gatewayHandler(app, deps);
  let ready: (addr: Deno.NetAddr) => void;
  const listening = new Promise<Deno.NetAddr>((r) => (ready = r));
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      port: config.PORT,
      hostname: config.DENOFN_HOSTNAME,
      onListen: (addr) => ready(addr),
    }, (req, info) => handler(req, info as Deno.ServeHandlerInfo<Deno.NetAddr>));
  } catch (error) {
    catalog.close();
    await supervisor.close(0);
    await Deno.remove(socketDir, { recursive: true }).catch(() => {});
    if (error instanceof Deno.errors.AddrInUse) {
      throw new ConfigError([
        `PORT: ${config.DENOFN_HOSTNAME}:${config.PORT} is already in use; stop the other server or set PORT`,
      ]);
    }
    throw error;
  }
  const addr = await listening;
  const host = addr.hostname === "0.0.0.0" ? "127.0.0.1" : addr.hostname;
  await loaded;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    supervisor,
    close() {
      closing ??= (async () => {
        catalog.close();
        const grace = config.DENOFN_SHUTDOWN_GRACE_MS;
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          server.shutdown(),
          new Promise((r) => (timer = setTimeout(r, grace))),
        ]);
        clearTimeout(timer);
        await supervisor.close(0);
        await Deno.remove(socketDir, { recursive: true }).catch(() => {});
      })();
      return closing;
    },
  };
}
