/**
 * What the platform takes from Docker, decided once at start by `DENOFN_DOCKER`:
 * `off` — no container runtimes; `on` — Docker must be reachable; `auto` (default) — use it when
 * the engine answers. Containers, their network and images carry `denofn.owner=<owner>`, where
 * the owner derives from the data folder (`DENOFN_DATA`) unless `DENOFN_DOCKER_OWNER` sets it,
 * and the network is `denofn-<owner>` unless `DENOFN_DOCKER_NETWORK` names one; so platforms
 * sharing an engine never remove each other's containers, networks or images.
 * Without Docker, a container function's build fails with a message that
 * says how to start the engine, and Deno functions work as always.
 */
import type { Builder } from "../registry/build/builder.ts";
import type { InstanceStarter } from "../runtime/types.ts";
import { dockerStatus } from "./engine/cli.ts";
import { createTemplateBuilders } from "./images/template_builder.ts";
import { ContainerStarter } from "./containers/container_starter.ts";
import { removeLeftoverContainers, removeNetwork } from "./containers/housekeeping.ts";
import { loadTemplates } from "./images/template.ts";
import { dockerIdentity } from "./owner.ts";
import type { PipSources } from "./images/pip_prepare.ts";

/** Builders and starter for container runtimes, and the cleanup of leftovers. */
export interface DockerParts {
  builders: Record<string, Builder>;
  containerStarter?: InstanceStarter;
  /** Removes the platform's containers and its own network (at shutdown). */
  cleanup(): Promise<void>;
  /** One line for the start-up log. */
  summary: string;
}

/** How the platform uses Docker (from `DENOFN_DOCKER`, `DENOFN_DATA`, `_OWNER`, `_NETWORK`). */
export interface DockerPartsOptions {
  mode: "auto" | "on" | "off";
  templatesDir: string;
  /** The platform's data folder (`DENOFN_DATA`); the owner derives from it. Default `data`. */
  dataDir?: string;
  /** Owner label override (`DENOFN_DOCKER_OWNER`); default derived from `dataDir`. */
  owner?: string;
  /** Network override (`DENOFN_DOCKER_NETWORK`); default `denofn-<owner>`. */
  network?: string;
  /** Where pip installs `requirements.txt` from (`DENOFN_PIP_INDEX_URL`, `_FIND_LINKS`). */
  pip?: PipSources;
}

/**
 * Resolves the Docker parts for `mode` (`auto`, `on` or `off`). With Docker, removes the owner's
 * leftover containers first (orphans of a crashed run).
 */
export async function dockerParts(options: DockerPartsOptions): Promise<DockerParts> {
  const { mode, templatesDir } = options;
  const status = mode === "off"
    ? { ok: false as const, reason: "container runtimes are off (DENOFN_DOCKER=off)" }
    : await dockerStatus();
  if (!status.ok) {
    if (mode === "on") throw new Error(`Cannot start with DENOFN_DOCKER=on: ${status.reason}`);
    const names = await loadTemplates(templatesDir).then((t) => [...t.keys()], () => []);
    const refuse: Builder = {
      build: () => Promise.reject(new Error(`This runtime needs Docker: ${status.reason}`)),
    };
    return {
      builders: Object.fromEntries(names.map((n) => [n, refuse])),
      cleanup: () => Promise.resolve(),
      summary: `container runtimes disabled: ${status.reason}`,
    };
  }
  const { owner, network } = await dockerIdentity({
    dataDir: options.dataDir ?? "data",
    owner: options.owner,
    network: options.network,
  });
  const present = await Deno.stat(templatesDir).then((s) => s.isDirectory, () => false);
  const builders = present ? createTemplateBuilders(templatesDir, { owner, pip: options.pip }) : {};
  await removeLeftoverContainers(owner).catch(() => 0);
  return {
    builders,
    containerStarter: new ContainerStarter({ templatesDir, owner, network }),
    cleanup: async () => {
      await removeLeftoverContainers(owner).catch(() => 0);
      await removeNetwork(network, owner).catch(() => {});
    },
    summary: `container runtimes: ${Object.keys(builders).join(", ") || "none"} ` +
      `(owner ${owner}, network ${network})`,
  };
}
