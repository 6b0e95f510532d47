/**
 * A registry running in another process (the compose `registry` service), seen from a gateway:
 * records come from the shared `registry/` folder through {@link watchCatalog} (the one feed the
 * router follows), builds are asked for over the registry service's API, and a build resolves
 * only once this process routes its record.
 */
import { FunctionNotFound, PlatformStarting } from "../../errors/mod.ts";
import type { FunctionRecord } from "../../manifest/record.ts";
import { type CatalogEvent, watchCatalog } from "../catalog/catalog.ts";
import type { RegistryControl } from "../control.ts";
import { REGISTRY_API } from "./routes.ts";

/** Options of {@link connectRegistry}. */
export interface RemoteRegistryOptions {
  /** Base URL of the registry service, e.g. `http://registry:8001`. */
  url: string;
  /** The platform's admin token (the registry service checks it). */
  token: string;
  /** The shared output folder the registry service writes. */
  outDir: string;
  /** Receives every change of a record (after this client's own table is updated). */
  onChange: (event: CatalogEvent) => void;
  /** How long a build may take to reach this process after the service answered (ms). */
  routeWaitMs?: number;
  /** Also reads every record this often (ms): for a `registry/` shared between machines. */
  rescanMs?: number;
  log?: (line: string) => void;
}

type Waiter = { done: (records: Map<string, FunctionRecord>) => boolean; resolve: () => void };

/** Follows a remote registry; see the module doc. */
export function connectRegistry(options: RemoteRegistryOptions): RegistryControl {
  const base = options.url.replace(/\/+$/, "") + REGISTRY_API;
  const records = new Map<string, FunctionRecord>();
  const waiters = new Set<Waiter>();
  const settle = () => {
    for (const w of waiters) if (w.done(records)) w.resolve();
  };
  const catalog = watchCatalog(options.outDir, (event) => {
    if (event.type === "upsert") records.set(event.record.name, event.record);
    else records.delete(event.name);
    options.onChange(event);
    settle();
  }, { log: options.log, rescanMs: options.rescanMs });
  const stop = new AbortController();

  const waitRouted = (done: Waiter["done"]) => {
    if (done(records)) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    const waiter = { done, resolve };
    waiters.add(waiter);
    const timer = setTimeout(resolve, options.routeWaitMs ?? 10_000);
    return promise.finally(() => {
      clearTimeout(timer);
      waiters.delete(waiter);
    });
  };

  const ready = (async () => {
    for (const record of await catalog.initial) {
      records.set(record.name, record);
      options.onChange({ type: "upsert", record });
    }
    while (!stop.signal.aborted) {
      const res = await fetch(`${options.url.replace(/\/+$/, "")}/readyz`, {
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(2_000)]),
      }).catch(() => undefined);
      await res?.body?.cancel();
      if (res?.ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  ready.catch(() => {});

  return {
    ready,
    list: () => [...records.values()].sort((a, b) => a.name.localeCompare(b.name)),
    async rebuild(name) {
      const res = await fetch(`${base}/functions/${encodeURIComponent(name)}/build`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.token}` },
        signal: stop.signal,
      }).catch((e) => {
        throw new PlatformStarting(`Cannot reach the registry service: ${(e as Error).message}`);
      });
      const body = await res.json().catch(() => ({}));
      if (res.status === 404) {
        await waitRouted((r) => !r.has(name));
        throw new FunctionNotFound(name);
      }
      if (!res.ok) {
        throw new PlatformStarting(`The registry service answered ${res.status}: ${body.error}`);
      }
      const built = body as FunctionRecord;
      await waitRouted((r) => (r.get(name)?.builtAt ?? "") >= built.builtAt);
      return records.get(name) ?? built;
    },
    close() {
      stop.abort();
      catalog.close();
      for (const w of waiters) w.resolve();
      return Promise.resolve();
    },
  };
}
