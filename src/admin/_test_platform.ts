/**
 * A small real {@link AdminPlatform} for the admin tests: the real registry (esbuild bundles in
 * temp folders), real log and history stores, and an instance table the tests fill in.
 */
import { join } from "node:path";
import { FunctionNotFound } from "../errors/mod.ts";
import { startRegistry } from "../registry/mod.ts";
import type { Registry } from "../registry/mod.ts";
import {
  createFunctionCounters,
  createHistoryStore,
  createLogStore,
  type FunctionCounters,
  type HistoryStore,
  type LogStore,
} from "../observe/mod.ts";
import { createAdminApp } from "./app.ts";
import type { AdminPlatform, InstanceStatus } from "./platform.ts";
import type { Hono } from "hono";

/** Everything an admin test needs, disposed with `await using`. */
export interface AdminFixture {
  root: string;
  inDir: string;
  app: Hono;
  token: string;
  registry: Registry;
  logs: LogStore;
  history: HistoryStore;
  counters: FunctionCounters;
  instances: Map<string, InstanceStatus[]>;
  restarted: string[];
  /** `app.request` with the bearer token. */
  call(path: string, init?: RequestInit): Promise<Response>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a registry over temp folders and an admin app in front of it. */
export async function startAdminFixture(
  limits?: { maxUploadBytes?: number; maxFiles?: number; maxUnpackedBytes?: number },
): Promise<AdminFixture> {
  const root = await Deno.makeTempDir({ prefix: "denofn_admin_" });
  const inDir = join(root, "registry_in");
  const registry = await startRegistry({ inDir, outDir: join(root, "registry"), log: () => {} });
  await registry.ready;
  const logs = await createLogStore({ dataDir: join(root, "data") });
  const history = await createHistoryStore({ dataDir: join(root, "data") });
  const counters = createFunctionCounters();
  const instances = new Map<string, InstanceStatus[]>();
  const restarted: string[] = [];
  const platform: AdminPlatform = {
    registryInDir: inDir,
    records: () => registry.list(),
    record: (name) => registry.list().find((r) => r.name === name),
    instances: (name) => instances.get(name) ?? [],
    rebuild: (name) => registry.rebuild(name),
    async remove(name) {
      await registry.rebuild(name).catch((e) => {
        if (!(e instanceof FunctionNotFound)) throw e;
      });
      instances.delete(name);
    },
    restart(name) {
      restarted.push(name);
      instances.delete(name);
      return Promise.resolve();
    },
  };
  const token = "test-token-0123456789abcdef";
  const app = createAdminApp({
    platform,
    token,
    logs,
    history,
    counters,
    permissionFlags: (
      r,
    ) => ["--no-prompt", ...(r.manifest?.permissions.net ?? []).map((h) => `--allow-net=${h}`)],
    limits,
  });
  return {
    root,
    inDir,
    app,
    token,
    registry,
    logs,
    history,
    counters,
    instances,
    restarted,
    call(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return Promise.resolve(app.request(path, { ...init, headers }));
    },
    async [Symbol.asyncDispose]() {
      await registry.close();
      await logs.close();
      await history.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}
