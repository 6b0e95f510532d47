/**
 * The build's checks of a function folder on disk: no symlink or hard link to the outside, path
 * grants that stay inside once resolved, and `write` grants that cover no source (the manifest,
 * the entry, any code module), so a function can never rewrite what defines it.
 */
import { join } from "node:path";
import { confineGrants, isInside, type Manifest, resolveReal } from "../../manifest/mod.ts";
import type { FolderFacts } from "./inspect.ts";

/** Problems of the folder itself, one line each naming the link or file. */
export function folderProblems(facts: FolderFacts): string[] {
  return [
    ...facts.escapingLinks.map(({ path, target }) =>
      `symlink ${JSON.stringify(path)} points outside the function folder ` +
      `(to ${JSON.stringify(target)}); copy what it should hold into the folder instead`
    ),
    ...facts.sharedFiles.map((path) =>
      `${
        JSON.stringify(path)
      } is hard-linked to a file outside the function folder; copy it instead`
    ),
  ];
}

function realOrSelf(path: string): string {
  try {
    return resolveReal(path);
  } catch {
    return path;
  }
}

/**
 * Problems of the manifest's grants on disk: {@link confineGrants}, then each `write` grant that
 * covers the entry or a source file once symlinks are resolved (e.g. `data -> .` or `-> src`).
 */
export function grantProblems(
  manifest: Manifest,
  sourceDir: string,
  facts: FolderFacts,
  entry?: string,
): string[] {
  const problems = confineGrants(manifest, sourceDir);
  if (problems.length) return problems;
  const root = realOrSelf(sourceDir);
  const sources = facts.sourceFiles.map((rel) => ({ rel, real: join(root, rel) }));
  if (entry !== undefined) {
    sources.unshift({ rel: entry, real: realOrSelf(join(sourceDir, entry)) });
  }
  manifest.permissions.write.forEach((value, i) => {
    const grant = realOrSelf(join(sourceDir, value));
    const hit = sources.find((s) => isInside(grant, s.real));
    if (!hit) return;
    const what = hit.rel === entry ? "the entry" : "source file";
    problems.push(
      `permissions.write[${i}]: ${JSON.stringify(value)} covers ${what} ` +
        `${JSON.stringify(hit.rel)}; grant a folder that holds data only`,
    );
  });
  return problems;
}
