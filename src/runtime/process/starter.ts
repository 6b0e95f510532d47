/**
 * Starts HTTP-mode Deno functions as `deno run` subprocesses. Each child listens on its own Unix
 * socket (no TCP port to collide, no network permission beyond that socket) and prints a ready
 * line; its output goes to the function's log line by line.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { toFileUrl } from "../../util/file_url.ts";
import type { FunctionRecord } from "../../manifest/record.ts";
import { createUpstreamClient } from "../transport/mod.ts";
import { permissionFlags } from "../flags.ts";
import {
  type Instance,
  type InstanceExit,
  type InstanceStarter,
  StartError,
  type StartOptions,
} from "../types.ts";
import { childEnv } from "./deno_env.ts";
import { functionOtelEnv } from "../../observe/otel_env.ts";
import { readLines } from "../../util/lines.ts";
import { instanceLog } from "../instance_log.ts";
import type { RunFolder } from "./leftovers.ts";
import { runnerSettings } from "./runner_settings.ts";
import { type ProcessSandbox, spawnDeno } from "./sandbox.ts";

const RUNNER = fileURLToPath(new URL("../child/runner.ts", import.meta.url));
const READY = "__denofn_ready__ ";
const STOP_GRACE_MS = 2_000;

/** Options of the subprocess starter. */
export interface ProcessStarterOptions {
  /** Folder holding the bundles (`registry/`). */
  registryDir: string;
  /** Short folder for the instances' Unix sockets (paths are limited to ~100 bytes). */
  socketDir: string;
  /** Where spawned children are recorded, so that a later start can reap leftovers. */
  runFolder?: RunFolder;
  /** Hands a function with `permissions.store` its store socket and token. */
  store?: StoreGrantSource;
  /** Runs each instance as its function's unprivileged user (when the platform is root). */
  sandbox?: ProcessSandbox;
}

/** The store access of one function: its own socket and scoped token (see `src/store/`). */
export interface StoreGrantSource {
  grant(record: FunctionRecord): Promise<{ socket: string; token: string } | undefined>;
}

/** The flags and arguments `deno run` gets for one instance (exposed for inspection). */
export function runArgs(
  record: FunctionRecord,
  bundle: string,
  socket: string,
  nonce: string,
  storeSocket?: string,
) {
  return [
    "run",
    "--no-config",
    "--no-lock",
    "--unstable-no-legacy-abort",
    ...permissionFlags(record.manifest!, {
      sourceDir: record.sourceDir,
      bundle,
      socket,
      storeSocket,
    }),
    RUNNER,
    toFileUrl(bundle),
    socket,
    record.name,
    nonce,
    JSON.stringify(runnerSettings(record.manifest!)),
  ];
}

/** Creates the starter of Deno subprocess instances. */
/**
 * `args` with V8's lazy compilation off when `ahead`: a spare compiles its whole bundle before it
 * is ready, not during its first call (that halves the first call's time for a hello world).
 */
function eagerWhen(ahead: boolean | undefined, args: string[]): string[] {
  if (!ahead) return args;
  return args.map((a) => a.startsWith("--v8-flags=") ? `${a},--no-lazy` : a);
}

export function createProcessStarter(options: ProcessStarterOptions): InstanceStarter {
  return {
    async start(record, id, opts) {
      if (!record.bundle || !record.manifest) {
        throw new StartError(`Function "${record.name}" has no bundle`);
      }
      const nonce = crypto.randomUUID();
      const store = record.manifest.permissions.store?.length
        ? await options.store?.grant(record)
        : undefined;
      const storeEnv: Record<string, string> = store
        ? { DENOFN_STORE_URL: `unix:${store.socket}`, DENOFN_STORE_TOKEN: store.token }
        : {};
      // As root: its own user, its private folder (socket, bundle copy, TMPDIR), limits.
      const jail = await options.sandbox?.prepare(record, id, {
        bundle: join(options.registryDir, record.bundle),
        storeSocket: store?.socket,
      });
      const bundle = jail?.bundle ?? join(options.registryDir, record.bundle);
      const socket = jail?.socket ?? join(options.socketDir, `${id}.sock`);
      await Deno.remove(socket).catch(() => {});
      const child = spawnDeno(
        jail,
        eagerWhen(opts.ahead, runArgs(record, bundle, socket, nonce, store?.socket)),
        record.sourceDir,
        {
          ...childEnv(record.manifest),
          ...functionOtelEnv(record.name),
          ...storeEnv,
          ...jail?.env,
        },
      );
      options.runFolder?.recordChild(child.pid, socket);
      child.status.finally(() => {
        options.runFolder?.forgetChild(child.pid);
        child.stdin.close().catch(() => {});
        jail?.cleanup();
      });
      return await waitReady(child, { id, record, socket, nonce, opts });
    },
  };
}

interface Pending {
  id: string;
  record: FunctionRecord;
  socket: string;
  nonce: string;
  opts: StartOptions;
}

function waitReady(child: Deno.ChildProcess, p: Pending): Promise<Instance> {
  const { opts, record, id } = p;
  const written = instanceLog(record, id, opts);
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const log = (stream: "stdout" | "stderr") => (line: string) => {
    if (stream === "stdout" && line === READY + p.nonce) return markReady();
    written.write(stream, line);
  };
  const output = Promise.all([
    readLines(child.stdout, log("stdout")),
    readLines(child.stderr, log("stderr")),
  ]);
  let stopReason: string | undefined;
  const exited: Promise<InstanceExit> = child.status.then(async (s) => {
    await output;
    await Deno.remove(p.socket).catch(() => {});
    return { code: s.signal ? null : s.code, signal: s.signal ?? undefined, reason: stopReason };
  });
  const kill = (signal: Deno.Signal) => {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
  };
  return new Promise<Instance>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      opts.signal.removeEventListener("abort", onAbort);
      kill("SIGKILL");
      exited.then(() => reject(new StartError(why)));
    };
    const onAbort = () => fail(`Start of "${record.name}" was cancelled`);
    const timer = setTimeout(
      () => fail(`"${record.name}" was not ready within ${opts.readyTimeoutMs} ms`),
      opts.readyTimeoutMs,
    );
    opts.signal.addEventListener("abort", onAbort, { once: true });
    exited.then((exit) => {
      const tail = written.tail();
      fail(
        `"${record.name}" exited during start-up (code ${exit.code ?? exit.signal})` +
          (tail ? `:\n${tail}` : ""),
      );
    });
    ready.then(() => {
      clearTimeout(timer);
      opts.signal.removeEventListener("abort", onAbort);
      const upstream = createUpstreamClient({ transport: "unix", path: p.socket });
      exited.then(() => upstream.close());
      resolve({
        id,
        kind: "process",
        pid: child.pid,
        readyAt: Date.now(),
        exited,
        fetch: (req) => upstream.fetch(req),
        send: (call) => upstream.send(call),
        sendRaw: (call) => upstream.sendRaw!(call),
        async probe(timeoutMs) {
          const req = new Request("http://localhost/", {
            headers: { "x-denofn-probe": "1" },
            signal: AbortSignal.timeout(timeoutMs),
          });
          try {
            const res = await upstream.fetch(req);
            await res.body?.cancel();
            return res.ok;
          } catch {
            return false;
          }
        },
        async stop(reason) {
          stopReason ??= reason;
          kill("SIGTERM");
          const grace = setTimeout(() => kill("SIGKILL"), STOP_GRACE_MS);
          await exited;
          clearTimeout(grace);
        },
      });
    });
  });
}
