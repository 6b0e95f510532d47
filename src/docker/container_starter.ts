/**
 * Starts container functions: `docker run -d` on the platform's own network (no published port:
 * publishing costs about a second per start), reached at `http://<container ip>:<port>`, hardened
 * by default, ready once the launcher answers its health path.
 */
import { join } from "node:path";
import type { FunctionRecord } from "../registry/record.ts";
import {
  type Instance,
  type InstanceStarter,
  StartError,
  type StartOptions,
} from "../runtime/types.ts";
import { docker, runDocker } from "./cli.ts";
import { DEFAULT_NETWORK, DEFAULT_OWNER, ensureNetwork } from "./containers.ts";
import { followContainer } from "./container_watch.ts";
import { loadTemplate } from "./template.ts";

/** Options of {@link ContainerStarter}. */
export interface ContainerStarterOptions {
  /** Folder of the runtime templates (for each runtime's port and health path). */
  templatesDir: string;
  /** Docker network the containers join (created, labelled, when missing). Default `denofn`. */
  network?: string;
  /** Value of the `denofn.owner` label, so leftovers of this owner can be removed. */
  owner?: string;
  /** Max processes per container (default 128). */
  pidsLimit?: number;
  /** CPUs per container (default 1). */
  cpus?: number;
  /** Size of the tmpfs `/tmp` (default `64m`). */
  tmpfsSize?: string;
  /** How often readiness is polled, in ms (default 10). */
  pollMs?: number;
}

/** The `docker run` arguments of one instance (exposed for inspection and tests). */
export function containerRunArgs(
  record: FunctionRecord,
  id: string,
  o: Required<Omit<ContainerStarterOptions, "templatesDir" | "pollMs">>,
): string[] {
  const m = record.manifest!;
  const env = Object.entries(m.env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  return [
    "run",
    "-d",
    "--name",
    `denofn-${id}-${crypto.randomUUID().slice(0, 6)}`,
    "--network",
    o.network,
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--read-only",
    "--tmpfs",
    `/tmp:rw,nosuid,nodev,size=${o.tmpfsSize}`,
    "--pids-limit",
    String(o.pidsLimit),
    "--memory",
    `${m.memoryMb}m`,
    "--memory-swap",
    `${m.memoryMb}m`,
    "--cpus",
    String(o.cpus),
    "--label",
    "denofn.platform=1",
    "--label",
    `denofn.owner=${o.owner}`,
    "--label",
    `denofn.function=${record.name}`,
    "--label",
    `denofn.instance=${id}`,
    ...env,
    record.image!,
  ];
}

/** Starts container instances of functions built from templates. */
export class ContainerStarter implements InstanceStarter {
  readonly #o: Required<Omit<ContainerStarterOptions, "templatesDir" | "pollMs">>;
  readonly #templatesDir: string;
  readonly #pollMs: number;
  readonly #ports = new Map<string, Promise<{ port: number; health: string }>>();

  constructor(options: ContainerStarterOptions) {
    this.#templatesDir = options.templatesDir;
    this.#pollMs = options.pollMs ?? 10;
    this.#o = {
      network: options.network ?? DEFAULT_NETWORK,
      owner: options.owner ?? DEFAULT_OWNER,
      pidsLimit: options.pidsLimit ?? 128,
      cpus: options.cpus ?? 1,
      tmpfsSize: options.tmpfsSize ?? "64m",
    };
  }

  #endpoint(runtime: string) {
    let p = this.#ports.get(runtime);
    if (!p) {
      p = loadTemplate(join(this.#templatesDir, runtime), runtime)
        .then((t) => ({ port: t.port, health: t.healthPath }));
      p.catch(() => this.#ports.delete(runtime));
      this.#ports.set(runtime, p);
    }
    return p;
  }

  /** Starts one container and resolves once its launcher answers the health path. */
  async start(record: FunctionRecord, id: string, opts: StartOptions): Promise<Instance> {
    if (!record.image || !record.manifest) {
      throw new StartError(`Function "${record.name}" has no image`);
    }
    const deadline = Date.now() + opts.readyTimeoutMs;
    let endpoint;
    try {
      [endpoint] = await Promise.all([
        this.#endpoint(record.runtime),
        ensureNetwork(this.#o.network),
      ]);
    } catch (e) {
      throw new StartError(`Cannot start "${record.name}": ${(e as Error).message}`);
    }
    const run = await runDocker(containerRunArgs(record, id, this.#o), { signal: opts.signal })
      .catch((e) => ({ code: -1, stdout: "", stderr: (e as Error).message }));
    const containerId = run.stdout.trim();
    if (run.code !== 0 || !containerId) {
      if (containerId) await runDocker(["rm", "-f", containerId]);
      throw new StartError(`Cannot start a container for "${record.name}": ${run.stderr.trim()}`);
    }
    const fmt = `{{(index .NetworkSettings.Networks "${this.#o.network}").IPAddress}}`;
    const ip = await docker(["inspect", "-f", fmt, containerId]).catch(() => "");
    const watch = followContainer(containerId, record, id, opts);
    const base = `http://${ip}:${endpoint.port}`;
    const healthUrl = base + endpoint.health;
    const client = Deno.createHttpClient({});
    watch.exited.finally(() => client.close());
    const probe = async (timeoutMs: number) => {
      try {
        const res = await fetch(healthUrl, { client, signal: AbortSignal.timeout(timeoutMs) });
        await res.body?.cancel();
        return res.ok;
      } catch {
        return false;
      }
    };
    let gone = false;
    watch.exited.then(() => (gone = true));
    while (true) {
      if (ip && await probe(Math.max(50, Math.min(1000, deadline - Date.now())))) break;
      const why = opts.signal.aborted
        ? `Start of "${record.name}" was cancelled`
        : gone
        ? `"${record.name}" exited during start-up (code ${
          (await watch.exited).code
        })${watch.tail()}`
        : Date.now() >= deadline
        ? `"${record.name}" was not ready within ${opts.readyTimeoutMs} ms${watch.tail()}`
        : !ip
        ? `Cannot find the address of the container of "${record.name}"`
        : "";
      if (why) {
        await watch.stop("start-failed");
        throw new StartError(why);
      }
      await new Promise((r) => setTimeout(r, this.#pollMs));
    }
    return {
      id,
      kind: "container",
      containerId,
      readyAt: Date.now(),
      exited: watch.exited,
      probe,
      stop: (reason) => watch.stop(reason),
      async fetch(req) {
        const url = new URL(req.url);
        const body = req.body ? await req.arrayBuffer() : undefined;
        return await fetch(base + url.pathname + url.search, {
          method: req.method,
          headers: req.headers,
          body,
          redirect: "manual",
          signal: req.signal,
          client,
        });
      },
    };
  }
}
