/**
 * The real platform for the admin tests, started through the composition root (`src/main/`)
 * over temp folders with Docker off: the admin API is reached in-process (`app.request`), and
 * functions are called over a real socket (`fn`).
 */
import { join } from "node:path";
import type { Platform } from "../main/mod.ts";
import { startPlatformIn } from "../../test/helpers/temp_platform.ts";
import type { FunctionCounters, HistoryStore, LogStore } from "../observe/mod.ts";
import type { RegistryControl } from "../registry/mod.ts";

/** Everything an admin test needs, disposed with `await using`. */
export interface AdminFixture {
  root: string;
  inDir: string;
  app: Platform["app"];
  token: string;
  registry: RegistryControl;
  logs: LogStore;
  history: HistoryStore;
  counters: FunctionCounters;
  /** `app.request("/admin" + path)` with the bearer token. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** Calls `/fn/<path>` over HTTP and returns the body text. */
  fn(path: string): Promise<string>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a platform over temp folders; `env` adds configuration (e.g. deploy limits). */
export async function startAdminFixture(env: Record<string, string> = {}): Promise<AdminFixture> {
  const root = await Deno.makeTempDir({ prefix: "denofn_admin_" });
  // As root, functions run as their own users: the folders above their grants must be enterable.
  await Deno.chmod(root, 0o755);
  const inDir = join(root, "registry_in");
  const token = "test-token-0123456789abcdef";
  const platform = await startPlatformIn(root, { DENOFN_ADMIN_TOKEN: token, ...env });
  await platform.ready;
  const obs = platform.observability!;
  return {
    root,
    inDir,
    app: platform.app,
    token,
    registry: platform.registry,
    logs: obs.logs,
    history: obs.history,
    counters: obs.counters,
    call(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return Promise.resolve(platform.app.request(`/admin${path}`, { ...init, headers }));
    },
    async fn(path) {
      return await (await fetch(`${platform.url}/fn/${path}`)).text();
    },
    async [Symbol.asyncDispose]() {
      await platform.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}
