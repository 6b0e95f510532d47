/**
 * Starts container functions: created and started through the Engine API in the network
 * namespace of a holder container that sits on the platform's own network (no bridge set-up per
 * start, see `netns_holders.ts`; no published port: publishing costs about a second per start),
 * reached at the holder's address through the runtime's streaming transport (the same pooled
 * HTTP/1.1 client as Deno subprocesses), hardened by default, ready once the launcher answers its
 * health path. In hot mode an idle instance is paused rather than stopped.
 */
import { join } from "node:path";
import type { FunctionRecord } from "../../manifest/record.ts";
import {
  type Instance,
  type InstanceStarter,
  StartError,
  type StartOptions,
} from "../../runtime/types.ts";
import { functionOtelEnv } from "../../observe/otel_env.ts";
import { Engine } from "../engine/engine.ts";
import { DEFAULT_NETWORK, DEFAULT_OWNER, ensureNetwork } from "./housekeeping.ts";
import { followContainer } from "./container_watch.ts";
import { type ContainerParts, type PausedSet, readyInstance } from "./container_instance.ts";
import { type HolderLease, NetnsHolders } from "./netns_holders.ts";
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
  /**
   * The image of the network-namespace holders (default: the busybox base, see
   * `netns_holders.ts`), or `false` for none: each container then joins the network itself.
   */
  holderImage?: string | false;
}

type Settings = Required<
  Omit<ContainerStarterOptions, "templatesDir" | "pollMs" | "holderImage">
>;

/**
 * The Engine API body that creates one instance: the equivalent of `docker run --network <net>
 * --cap-drop ALL --security-opt no-new-privileges --read-only --tmpfs /tmp --pids-limit 128
 * --memory <memoryMb>m --memory-swap <memoryMb>m --cpus 1 -e <manifest env> <image>`, where
 * `networkMode` (e.g. `container:<holder id>`) replaces `--network <net>` when given.
 */
export function containerCreateBody(
  record: FunctionRecord,
  id: string,
  o: Settings,
  networkMode: string = o.network,
) {
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
      NetworkMode: networkMode,
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

interface Inspect {
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

/** Starts container instances of functions built from templates. */
export class ContainerStarter implements InstanceStarter {
  readonly #o: Settings;
  readonly #templatesDir: string;
  readonly #pollMs: number;
  readonly #ports = new Map<string, Promise<{ port: number; health: string }>>();
  /** Network-namespace holders per function (none when `holderImage` is false). */
  readonly holders?: NetnsHolders;
  /** The paused instance of each function in hot mode (one at most). */
  readonly #paused = new Map<string, string>();
  readonly #pausedSet: PausedSet = {
    claim: (fn, id) => {
      const now = this.#paused.get(fn);
      if (now !== undefined && now !== id) return false;
      this.#paused.set(fn, id);
      return true;
    },
    release: (fn, id) => {
      if (this.#paused.get(fn) === id) this.#paused.delete(fn);
    },
  };

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
    if (options.holderImage !== false) {
      this.holders = new NetnsHolders({
        network: this.#o.network,
        owner: this.#o.owner,
        image: options.holderImage,
      });
    }
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

  /** A holder for an instance of `fn`, or none (then the instance joins the network itself). */
  async #holder(fn: string, engine: Engine, opts: StartOptions, id: string) {
    try {
      return await this.holders?.acquire(fn, engine);
    } catch (e) {
      opts.logs.write({
        ts: Date.now(),
        fn,
        instance: id,
        stream: "system",
        line: `no network holder (${(e as Error).message}); the container joins the network itself`,
      });
      return undefined;
    }
  }

  /** Starts one container and resolves once its launcher answers the health path. */
  async start(record: FunctionRecord, id: string, opts: StartOptions): Promise<Instance> {
    if (!record.image || !record.manifest) {
      throw new StartError(`Function "${record.name}" has no image`);
    }
    const deadline = Date.now() + opts.readyTimeoutMs;
    const engine = new Engine();
    let endpoint;
    let holder: HolderLease | undefined;
    const holding = ensureNetwork(this.#o.network, this.#o.owner)
      .then(() => this.#holder(record.name, engine, opts, id));
    try {
      [endpoint, holder] = await Promise.all([this.#endpoint(record.runtime), holding]);
    } catch (e) {
      await holding.then((h) => h?.release(true), () => {});
      engine.close();
      throw new StartError(`Cannot start "${record.name}": ${(e as Error).message}`);
    }
    let started: { containerId: string; ip: string };
    try {
      started = await this.#run(engine, record, id, holder, opts.signal).catch(async (e) => {
        // A holder removed behind our back (or broken) fails the start: retry without it.
        if (!holder || opts.signal.aborted) throw e;
        await holder.release(false);
        holder = undefined;
        return await this.#run(engine, record, id, undefined, opts.signal);
      });
    } catch (e) {
      await holder?.release(true);
      engine.close();
      throw new StartError(
        `Cannot start a container for "${record.name}": ${(e as Error).message}`,
      );
    }
    const watch = followContainer(engine, started.containerId, record, id, opts);
    const parts: ContainerParts = {
      record,
      id,
      containerId: started.containerId,
      ip: started.ip,
      port: endpoint.port,
      health: endpoint.health,
      engine,
      watch,
      holder,
      paused: record.manifest.container?.keep === "hot" ? this.#pausedSet : undefined,
      forgetHolders: () => this.holders?.forget(record.name) ?? Promise.resolve(),
      pollMs: this.#pollMs,
    };
    return await readyInstance(parts, opts, deadline);
  }

  /** Creates and starts the container (in `holder`'s network namespace when given). */
  async #run(
    engine: Engine,
    record: FunctionRecord,
    id: string,
    holder: HolderLease | undefined,
    signal: AbortSignal,
  ): Promise<{ containerId: string; ip: string }> {
    const name = `denofn-${id}-${crypto.randomUUID().slice(0, 6)}`;
    const mode = holder ? `container:${holder.id}` : this.#o.network;
    let containerId = "";
    try {
      // Not aborted mid-request: an aborted create may still make a container we would then
      // never learn of (and leave behind at shutdown). A cancelled start is undone below.
      containerId = (await engine.json<{ Id: string }>(
        "POST",
        `/containers/create?name=${name}`,
        containerCreateBody(record, id, this.#o, mode),
      )).Id;
      signal.throwIfAborted();
      await engine.json("POST", `/containers/${containerId}/start`);
      signal.throwIfAborted();
      if (holder) return { containerId, ip: holder.ip };
      const info = await engine.json<Inspect>("GET", `/containers/${containerId}/json`);
      return { containerId, ip: info.NetworkSettings.Networks[this.#o.network]?.IPAddress ?? "" };
    } catch (e) {
      if (containerId) {
        await engine.request("DELETE", `/containers/${containerId}?force=1`)
          .then((r) => r.body?.cancel(), () => {});
      }
      throw e;
    }
  }
}
