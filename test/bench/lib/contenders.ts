/**
 * The contenders of the warm bench, each started as real processes on 127.0.0.1: a bare
 * Deno.serve, our gateway, and workerd.
 * @module
 */
import { join } from "node:path";
import { BENCH_DIR } from "./deps.ts";
import { descendants, freePort, type Proc, startProc } from "./proc.ts";

/** A contender serving hello world. */
export interface Running {
  readonly name: string;
  readonly port: number;
  /** Path of the hello-world route. */
  readonly path: string;
  /** The processes that do the work, by label, e.g. `{ gateway: 12, fn: 13 }`. */
  pids(): Record<string, number>;
  stop(): Promise<void>;
}

/** Starts the bare Deno.serve hello world. */
export async function startBare(port = 0): Promise<Running> {
  const p = await startProc(Deno.execPath(), [
    "run",
    "--allow-net=127.0.0.1",
    join(BENCH_DIR, "fixtures", "bare_hello.ts"),
    String(port),
  ], { ready: /listening (\d+)/ });
  return running("deno-bare", p, Number(p.match[1]), "/", { deno: p.pid });
}

/** Writes a workerd config serving the hello worker on `port`; returns its path. */
export async function workerdConfig(dir: string, port: number): Promise<string> {
  await Deno.copyFile(join(BENCH_DIR, "fixtures", "workerd", "worker.js"), join(dir, "worker.js"));
  const path = join(dir, `config-${port}.capnp`);
  await Deno.writeTextFile(
    path,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .hello) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const hello :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.js") ],
  compatibilityDate = "2024-09-23",
);
`,
  );
  return path;
}

/** Starts workerd serving the hello worker; ready once it answers. */
export async function startWorkerd(workerd: string, dir: string): Promise<Running> {
  const port = freePort();
  const config = await workerdConfig(dir, port);
  const p = await startProc(workerd, ["serve", config]);
  try {
    await waitForAnswer(port, "/", 15_000);
  } catch (e) {
    await p.stop();
    throw new Error(`${e}\n${p.output()}`);
  }
  return running("workerd", p, port, "/", { workerd: p.pid });
}

/** Starts Node's functions-framework serving the hello function; ready once it answers. */
export async function startNodeFramework(main: string): Promise<Running> {
  const port = freePort();
  const p = await startProc("node", [
    main,
    "--target=hello",
    `--source=${join(BENCH_DIR, "fixtures", "node_ff")}`,
    `--port=${port}`,
  ], { env: { NODE_ENV: "production" } });
  try {
    await waitForAnswer(port, "/", 15_000);
  } catch (e) {
    await p.stop();
    throw new Error(`${e}\n${p.output()}`);
  }
  return running("node-ff", p, port, "/", { node: p.pid });
}

/**
 * Starts our platform (`src/main/main.ts`, or `src/main.ts` in older checkouts) on a free port
 * with `registryIn` as its functions; `env` adds to (or overrides) its environment, e.g.
 * `{ DENOFN_SPARES_MB: "1024" }`.
 */
export async function startGateway(
  root: string,
  registryIn: string,
  name = "denofn",
  env: Record<string, string> = {},
): Promise<Running & Proc & { registryDir: string }> {
  const data = await Deno.makeTempDir({ prefix: "denofn-bench-" });
  const p = await startProc(Deno.execPath(), [
    "run",
    "--allow-all",
    "--unstable-kv",
    "--unstable-no-legacy-abort",
    // As `deno task start` runs it: a larger young generation (fewer scavenges of the per-call
    // garbage) gives ~10 % more calls per second here.
    "--v8-flags=--max-semi-space-size=64",
    await Deno.stat(join(root, "src", "main", "main.ts")).then(
      () => join(root, "src", "main", "main.ts"),
      () => join(root, "src", "main.ts"),
    ),
  ], {
    cwd: root,
    env: {
      PORT: "0",
      DENOFN_HOSTNAME: "127.0.0.1",
      DENOFN_REGISTRY_IN: registryIn,
      DENOFN_REGISTRY: join(data, "registry"),
      DENOFN_DATA: join(data, "data"),
      DENOFN_DOCKER: "off",
      ...env,
    },
    ready: /denofn (?:ready at|listening on) http:\/\/127\.0\.0\.1:(\d+)/,
    timeoutMs: 60_000,
  });
  const port = Number(p.match[1]);
  const pids = () => {
    const out: Record<string, number> = { gateway: p.pid };
    let i = 0;
    for (const pid of descendants(p.pid)) {
      const cmd = Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
      if (!cmd.includes("esbuild")) out[i++ === 0 ? "fn" : `fn${i}`] = pid;
    }
    return out;
  };
  const r = running(name, p, port, "/fn/hello", {});
  return Object.assign(r, p, {
    pids,
    registryDir: join(data, "registry"),
    stop: async () => {
      await p.stop();
      await Deno.remove(data, { recursive: true }).catch(() => {});
    },
  });
}

function running(
  name: string,
  p: Proc,
  port: number,
  path: string,
  pids: Record<string, number>,
): Running {
  return { name, port, path, pids: () => pids, stop: () => p.stop() };
}

/**
 * Sends one GET over a raw socket and resolves at the first response byte, returning the time
 * it took in ms. Rejects when the connection fails. `onHead` gets the first bytes read as text.
 */
export async function timeToFirstByte(
  port: number,
  path: string,
  onHead?: (text: string) => void,
): Promise<number> {
  const t0 = performance.now();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(`GET ${path} HTTP/1.1\r\nhost: b\r\n\r\n`));
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    if (n === null) throw new Error("closed before answering");
    const ms = performance.now() - t0;
    onHead?.(new TextDecoder().decode(buf.subarray(0, n)));
    return ms;
  } finally {
    conn.close();
  }
}

/** Polls until a GET answers 200 (every ~1 ms); resolves with ms since the call. */
export async function waitForAnswer(port: number, path: string, timeoutMs: number) {
  const t0 = performance.now();
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      await res.body?.cancel();
      if (res.ok) return performance.now() - t0;
    } catch { /* not yet */ }
    if (performance.now() - t0 > timeoutMs) throw new Error(`No answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
