/**
 * Network-namespace holders: one tiny, long-lived container per running instance of a function
 * (`sleep` in the busybox base image, no capabilities, read-only, as nobody) that sits on the
 * platform's network. An instance starts with `NetworkMode: container:<holder>`, so its create
 * and start skip the bridge and veth set-up (a third of a cold start), and the gateway reaches it
 * at the holder's address. A holder is made on a function's first start and handed to its next
 * start once its instance is gone, so a function pays for it once per instance it runs at the
 * same time.
 *
 * Why one holder per instance and not one per function: launchers listen on their template's
 * fixed port, and a function may bind ports of its own; two instances in one namespace (scale-out,
 * or the old and the new version during a deploy) would collide. A holder is never handed to
 * another function, so a function never shares `localhost` with another one.
 */
import { imageExists } from "../engine/cli.ts";
import { Engine } from "../engine/engine.ts";
import { ensureBaseImages } from "../images/base_images.ts";

/** A holder lent to one instance. */
export interface HolderLease {
  /** Container id: the instance's `NetworkMode` is `container:<id>`. */
  readonly id: string;
  /** The holder's address on the platform's network (the instance's address). */
  readonly ip: string;
  /**
   * Gives the holder back once its instance is removed: kept for the function's next start, or
   * removed when `keep` is false (or the function was forgotten meanwhile).
   */
  release(keep: boolean): Promise<void>;
}

/** Options of {@link NetnsHolders}. */
export interface NetnsHoldersOptions {
  network: string;
  owner: string;
  /**
   * The image holders run (it needs `/bin/sleep`); default: `denofn/base-busybox` or
   * `busybox:stable`, whichever is present, else the local one is built from this machine's
   * busybox. When none can be had, instances join the network themselves.
   */
  image?: string;
}

/** Candidate holder images, in order of preference. */
const IMAGES = ["denofn/base-busybox", "busybox:stable", "busybox"];

interface Holder {
  id: string;
  ip: string;
}

/** The holders of one platform (one owner), per function. */
export class NetnsHolders {
  readonly #o: NetnsHoldersOptions;
  readonly #free = new Map<string, Holder[]>();
  /** Bumped by `forget`: leases of an older generation are removed when released. */
  readonly #generation = new Map<string, number>();
  #image: Promise<string | undefined> | undefined;

  constructor(options: NetnsHoldersOptions) {
    this.#o = options;
  }

  /**
   * A holder for one instance of `fn`: a free one, else a new one. Undefined when no holder
   * image can be had (the caller then puts the instance on the network itself).
   * @throws {DockerError} when the engine refuses to make the holder.
   */
  async acquire(fn: string, engine: Engine): Promise<HolderLease | undefined> {
    const generation = this.#generation.get(fn) ?? 0;
    const holder = this.#free.get(fn)?.pop() ?? await this.#create(fn, engine);
    if (!holder) return undefined;
    let released = false;
    return {
      id: holder.id,
      ip: holder.ip,
      release: async (keep) => {
        if (released) return;
        released = true;
        if (keep && (this.#generation.get(fn) ?? 0) === generation) {
          const free = this.#free.get(fn) ?? [];
          free.push(holder);
          this.#free.set(fn, free);
        } else await removeContainers([holder.id]);
      },
    };
  }

  /** Removes the free holders of `fn`; those lent out are removed when given back. */
  async forget(fn: string): Promise<void> {
    this.#generation.set(fn, (this.#generation.get(fn) ?? 0) + 1);
    const free = this.#free.get(fn) ?? [];
    this.#free.delete(fn);
    await removeContainers(free.map((h) => h.id));
  }

  /** How many free holders `fn` has (for tests). */
  freeCount(fn: string): number {
    return this.#free.get(fn)?.length ?? 0;
  }

  #chooseImage(): Promise<string | undefined> {
    return this.#image ??= (async () => {
      if (this.#o.image) return this.#o.image;
      for (const image of IMAGES) if (await imageExists(image)) return image;
      return await ensureBaseImages(["busybox"]).then(() => IMAGES[0], () => undefined);
    })();
  }

  async #create(fn: string, engine: Engine): Promise<Holder | undefined> {
    const image = await this.#chooseImage();
    if (!image) return undefined;
    const name = `denofn-net-${fn}-${crypto.randomUUID().slice(0, 6)}`;
    const { Id: id } = await engine.json<{ Id: string }>(
      "POST",
      `/containers/create?name=${name}`,
      holderCreateBody(image, fn, this.#o),
    );
    try {
      await engine.json("POST", `/containers/${id}/start`);
      const info = await engine.json<Inspect>("GET", `/containers/${id}/json`);
      const ip = info.NetworkSettings.Networks[this.#o.network]?.IPAddress;
      if (!ip) throw new Error(`holder ${name} has no address on ${this.#o.network}`);
      return { id, ip };
    } catch (e) {
      await removeContainers([id]);
      throw e;
    }
  }
}

interface Inspect {
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

/**
 * The Engine API body of a holder: `sleep` for ever as nobody, no capabilities, a read-only
 * root, 4 processes, 16 MiB, a twentieth of a CPU; labelled like every object of the platform
 * (so the owner's sweeps remove it) and `denofn.role=netns`.
 */
export function holderCreateBody(
  image: string,
  fn: string,
  o: { network: string; owner: string },
) {
  const bytes = 16 * 1024 * 1024;
  return {
    Image: image,
    Entrypoint: ["/bin/sleep"],
    Cmd: ["2147483647"],
    User: "65534:65534",
    Labels: {
      "denofn.platform": "1",
      "denofn.owner": o.owner,
      "denofn.function": fn,
      "denofn.role": "netns",
    },
    HostConfig: {
      NetworkMode: o.network,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: true,
      PidsLimit: 4,
      Memory: bytes,
      MemorySwap: bytes,
      NanoCpus: 50_000_000,
    },
  };
}

/** Removes containers (force), ignoring those already gone. */
async function removeContainers(ids: string[]): Promise<void> {
  if (!ids.length) return;
  const engine = new Engine();
  try {
    await Promise.all(
      ids.map((id) =>
        engine.request("DELETE", `/containers/${id}?force=1`).then(
          (r) => r.body?.cancel(),
          () => {},
        )
      ),
    );
  } finally {
    engine.close();
  }
}
