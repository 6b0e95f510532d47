/**
 * What the platform takes from Docker, decided once at start by `DENOFN_DOCKER`:
 * `off` — no container runtimes; `on` — Docker must be reachable; `auto` (default) — use it when
 * the engine answers. Containers carry `denofn.owner=<owner>` (`DENOFN_DOCKER_OWNER`), so
 * platforms sharing an engine never remove each other's containers.
 * Without Docker, a container function's build fails with a message that
 * says how to start the engine, and Deno functions work as always.
 */
import type { Builder } from "../registry/build/builder.ts";
import type { InstanceStarter } from "../runtime/types.ts";
import { dockerStatus } from "./engine/cli.ts";
import { createTemplateBuilders } from "./images/template_builder.ts";
import { ContainerStarter } from "./containers/container_starter.ts";
import { DEFAULT_OWNER, removeLeftoverContainers } from "./containers/housekeeping.ts";
import { loadTemplates } from "./images/template.ts";

/** Builders and starter for container runtimes, and the cleanup of leftovers. */
export interface DockerParts {
  builders: Record<string, Builder>;
  containerStarter?: InstanceStarter;
  /** Removes the platform's containers (at start after a crash, and at shutdown). */
  cleanup(): Promise<void>;
  /** One line for the start-up log. */
  summary: string;
}

/** How the platform uses Docker (from `DENOFN_DOCKER`, `_OWNER`, `_NETWORK`). */
export interface DockerPartsOptions {
  mode: "auto" | "on" | "off";
  templatesDir: string;
  owner?: string;
  network?: string;
}

/** Resolves the Docker parts for `mode` (`auto`, `on` or `off`). */
export async function dockerParts(options: DockerPartsOptions): Promise<DockerParts> {
  const { mode, templatesDir, owner = DEFAULT_OWNER, network } = options;
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
  const present = await Deno.stat(templatesDir).then((s) => s.isDirectory, () => false);
  const builders = present ? createTemplateBuilders(templatesDir) : {};
  await removeLeftoverContainers(owner).catch(() => 0);
  return {
    builders,
    containerStarter: new ContainerStarter({ templatesDir, owner, network }),
    cleanup: () => removeLeftoverContainers(owner).then(() => {}, () => {}),
    summary: `container runtimes: ${Object.keys(builders).join(", ") || "none"}`,
  };
}
