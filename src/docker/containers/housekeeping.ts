/**
 * Housekeeping for the platform's Docker objects: its network and the removal of leftovers.
 * Every container, network and image the platform makes carries `denofn.platform=1` and
 * `denofn.owner=<owner>`; every removal here filters by the owner, so nothing of another
 * platform on the same engine is touched.
 */
import { docker, runDocker } from "../engine/cli.ts";

/** The network containers join when a starter is given none (`dockerParts` derives one). */
export const DEFAULT_NETWORK = "denofn";
/** The owner label when a starter is given none (`dockerParts` derives one per data folder). */
export const DEFAULT_OWNER = "platform";

const networks = new Map<string, Promise<void>>();

/**
 * Creates the bridge network if it does not exist yet, labelled `denofn.platform=1` and, when
 * given, `denofn.owner=<owner>`. Cached per process.
 */
export function ensureNetwork(name = DEFAULT_NETWORK, owner?: string): Promise<void> {
  let p = networks.get(name);
  if (!p) {
    p = (async () => {
      if ((await runDocker(["network", "inspect", name])).code === 0) return;
      const labels = ["--label", "denofn.platform=1"];
      if (owner) labels.push("--label", `denofn.owner=${owner}`);
      const r = await runDocker(["network", "create", ...labels, name]);
      if (r.code !== 0 && !/already exists/.test(r.stderr)) {
        throw new Error(`Cannot create docker network "${name}": ${r.stderr.trim()}`);
      }
    })();
    p.catch(() => networks.delete(name));
    networks.set(name, p);
  }
  return p;
}

/** The `denofn.owner` label of a network ("" when it has none), or undefined when absent. */
export async function networkOwner(name: string): Promise<string | undefined> {
  const r = await runDocker(["network", "inspect", "-f", '{{index .Labels "denofn.owner"}}', name]);
  if (r.code !== 0) return undefined;
  const owner = r.stdout.trim();
  return owner === "<no value>" ? "" : owner;
}

/**
 * Removes a network — with `owner`, only when it carries `denofn.owner=<owner>` (a network made by
 * someone else, e.g. compose, is left alone). Ignored when absent or still in use.
 */
export async function removeNetwork(name: string, owner?: string): Promise<void> {
  if (owner !== undefined && await networkOwner(name) !== owner) return;
  networks.delete(name);
  await runDocker(["network", "rm", name]);
}

/**
 * Removes every container of the platform (`denofn.platform=1`) of one owner — call it at start
 * (orphans of a crashed platform) and at shutdown. Returns how many were removed.
 */
export async function removeLeftoverContainers(owner = DEFAULT_OWNER): Promise<number> {
  const ids = await listContainers(owner);
  if (!ids.length) return 0;
  // A busy engine may refuse to remove a container that is still starting or being removed:
  // look again a few times until none is left.
  for (let left = ids, tries = 0; left.length && tries < 5; tries++) {
    if (tries) await new Promise((r) => setTimeout(r, 200 * tries));
    await runDocker(["rm", "-f", ...left]);
    left = await listContainers(owner);
  }
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

/**
 * Removes images of functions (label `denofn.function`), e.g. after tests; returns the count.
 * With `owner`, only that owner's images (and dangling build leftovers) are removed.
 */
export async function removeFunctionImages(
  functionName?: string,
  owner?: string,
): Promise<number> {
  const mine = owner ? ["--filter", `label=denofn.owner=${owner}`] : [];
  const label = functionName ? `label=denofn.function=${functionName}` : "label=denofn.function";
  const ids = (await docker(["images", "-q", "--filter", label, ...mine]))
    .split("\n").filter(Boolean);
  const unique = [...new Set(ids)];
  if (unique.length) await runDocker(["rmi", "-f", ...unique]);
  await runDocker(["image", "prune", "-f", "--filter", "label=denofn.platform=1", ...mine]);
  return unique.length;
}
