/**
 * Starts container functions: `docker run -d` on the platform's own network (no published port:
 * publishing costs about a second per start), reached at `<container ip>:<port>` through the
 * runtime's streaming transport (the same pooled HTTP/1.1 client as Deno subprocesses), hardened
 * by default, ready once the launcher answers its health path.
 */
import { join } from "node:path";
import type { FunctionRecord } from "../../manifest/record.ts";
import {
  type Instance,
  type InstanceStarter,
  StartError,
  type StartOptions,
} from "../../runtime/types.ts";
import { createUpstreamClient } from "../../runtime/transport/mod.ts";
import { functionOtelEnv } from "../../observe/otel_env.ts";
import { Engine } from "../engine/engine.ts";
import { DEFAULT_NETWORK, DEFAULT_OWNER, ensureNetwork } from "./housekeeping.ts";
import { followContainer } from "./container_watch.ts";
import { loadTemplate } from "../images/template.ts";

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

type Settings = Required<Omit<ContainerStarterOptions, "templatesDir" | "pollMs">>;

/**
 * The Engine API body that creates one instance: the equivalent of `docker run --network <net>
 * --cap-drop ALL --security-opt no-new-privileges --read-only --tmpfs /tmp --pids-limit 128
 * --memory <memoryMb>m --memory-swap <memoryMb>m --cpus 1 -e <manifest env> <image>`.
 */
export function containerCreateBody(record: FunctionRecord, id: string, o: Settings) {
  const m = record.manifest!;
  const bytes = m.memoryMb * 1024 * 1024;
  return {
    Image: record.image!,
    Env: Object.entries({ ...m.env, ...functionOtelEnv(record.name) }).map(([k, v]) => `${k}=${v}`),
    Labels: {
      "denofn.platform": "1",
      "denofn.owner": o.owner,
      "denofn.function": record.name,
      "denofn.instance": id,
    },
    HostConfig: {
      NetworkMode: o.network,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: true,
      Tmpfs: { "/tmp": `rw,nosuid,nodev,size=${o.tmpfsSize}` },
      PidsLimit: o.pidsLimit,
      Memory: bytes,
      MemorySwap: bytes,
      NanoCpus: Math.round(o.cpus * 1e9),
    },
  };
}

const NO_HEADERS = new Headers();

interface Inspect {
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

/** Starts container instances of functions built from templates. */
export class ContainerStarter implements InstanceStarter {
  readonly #o: Settings;
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
        ensureNetwork(this.#o.network, this.#o.owner),
      ]);
    } catch (e) {
      throw new StartError(`Cannot start "${record.name}": ${(e as Error).message}`);
    }
    const engine = new Engine();
    const name = `denofn-${id}-${crypto.randomUUID().slice(0, 6)}`;
    let containerId = "";
    let ip = "";
    try {
      const body = containerCreateBody(record, id, this.#o);
      // Not aborted mid-request: an aborted create may still make a container we would then
      // never learn of (and leave behind at shutdown). A cancelled start is undone below.
      containerId = (await engine.json<{ Id: string }>(
        "POST",
        `/containers/create?name=${name}`,
        body,
      )).Id;
      opts.signal.throwIfAborted();
      await engine.json("POST", `/containers/${containerId}/start`);
      opts.signal.throwIfAborted();
      const info = await engine.json<Inspect>("GET", `/containers/${containerId}/json`);
      ip = info.NetworkSettings.Networks[this.#o.network]?.IPAddress ?? "";
    } catch (e) {
      if (containerId) {
        await engine.request("DELETE", `/containers/${containerId}?force=1`)
          .then((r) => r.body?.cancel(), () => {});
      }
      engine.close();
      throw new StartError(
        `Cannot start a container for "${record.name}": ${(e as Error).message}`,
      );
    }
    const watch = followContainer(engine, containerId, record, id, opts);
    const upstream = createUpstreamClient({ transport: "tcp", hostname: ip, port: endpoint.port });
    watch.exited.finally(() => upstream.close());
    const probe = async (timeoutMs: number) => {
      try {
        const res = await upstream.send({
          method: "GET",
          path: endpoint.health,
          headers: NO_HEADERS,
          body: null,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.body?.cancel();
        return res.ok;
      } catch {
        return false;
      }
    };
    while (true) {
      if (ip && await probe(Math.max(50, Math.min(1000, deadline - Date.now())))) break;
      const why = !ip
        ? `Cannot find the address of the container of "${record.name}"`
        : opts.signal.aborted
        ? `Start of "${record.name}" was cancelled`
        : watch.gone
        ? `"${record.name}" exited during start-up (code ${
          (await watch.exited).code
        })${watch.tail()}`
        : Date.now() >= deadline
        ? `"${record.name}" was not ready within ${opts.readyTimeoutMs} ms${watch.tail()}`
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
      fetch: (req) => upstream.fetch(req),
      send: (call) => upstream.send(call),
    };
  }
}
