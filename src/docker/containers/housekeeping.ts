/**
 * Housekeeping for the platform's containers: their Docker network and the removal of leftovers.
 * Every container the platform starts carries `denofn.platform=1` and `denofn.owner=<owner>`.
 */
import { docker, runDocker } from "../engine/cli.ts";

/** The network function containers join by default. */
export const DEFAULT_NETWORK = "denofn";
/** The owner label value of the platform's own containers. */
export const DEFAULT_OWNER = "platform";

const networks = new Map<string, Promise<void>>();

/** Creates the (labelled) bridge network if it does not exist yet. Cached per process. */
export function ensureNetwork(name = DEFAULT_NETWORK): Promise<void> {
  let p = networks.get(name);
  if (!p) {
    p = (async () => {
      if ((await runDocker(["network", "inspect", name])).code === 0) return;
      const r = await runDocker(["network", "create", "--label", "denofn.platform=1", name]);
      if (r.code !== 0 && !/already exists/.test(r.stderr)) {
        throw new Error(`Cannot create docker network "${name}": ${r.stderr.trim()}`);
      }
    })();
    p.catch(() => networks.delete(name));
    networks.set(name, p);
  }
  return p;
}

/** Removes a network (ignored when absent or still in use by someone else). */
export async function removeNetwork(name: string): Promise<void> {
  networks.delete(name);
  await runDocker(["network", "rm", name]);
}

/**
 * Removes every container of the platform (`denofn.platform=1`) of one owner — call it at start
 * (orphans of a crashed platform) and at shutdown. Returns how many were removed.
 */
export async function removeLeftoverContainers(owner = DEFAULT_OWNER): Promise<number> {
  const ids = await listContainers(owner);
  if (ids.length) await runDocker(["rm", "-f", ...ids]);
  return ids.length;
}

/** Lists the ids of running or stopped containers of one owner (for tests and the admin API). */
export async function listContainers(owner = DEFAULT_OWNER): Promise<string[]> {
  return (await docker([
    "ps",
    "-aq",
    "--filter",
    "label=denofn.platform=1",
    "--filter",
    `label=denofn.owner=${owner}`,
  ])).split("\n").filter(Boolean);
}

/** Removes images of functions (label `denofn.function`), e.g. after tests; returns the count. */
export async function removeFunctionImages(functionName?: string): Promise<number> {
  const label = functionName ? `label=denofn.function=${functionName}` : "label=denofn.function";
  const ids = (await docker(["images", "-q", "--filter", label])).split("\n").filter(Boolean);
  const unique = [...new Set(ids)];
  if (unique.length) await runDocker(["rmi", "-f", ...unique]);
  await runDocker(["image", "prune", "-f", "--filter", "label=denofn.platform=1"]);
  return unique.length;
}
