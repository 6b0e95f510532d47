/**
 * `write` grants name data folders only: a function must never write what defines it. This is the
 * check on the manifest's own words (`"."`, the manifest, the entry); the registry repeats it on
 * disk, with symlinks resolved and every source file of the folder known.
 */
import { covers, normalizeRelative } from "./paths.ts";

/** Files at the top of a function folder that define it (never writable). */
export const DEFINING_FILES: readonly string[] = [
  "registry.json",
  "deno.json",
  "deno.jsonc",
  "package.json",
];

/** One refused `write` grant: its index in the list and why. */
export interface WriteProblem {
  index: number;
  message: string;
}

/** Why each of `write` covers what defines the function (`entry` is the manifest's, if set). */
export function writeGrantProblems(write: readonly string[], entry?: string): WriteProblem[] {
  const problems: WriteProblem[] = [];
  write.forEach((value, index) => {
    const grant = normalizeRelative(value);
    const quoted = JSON.stringify(value);
    if (grant === ".") {
      problems.push({
        index,
        message: `${quoted} covers the whole function folder (registry.json and the source); ` +
          'grant a data folder such as "data"',
      });
      return;
    }
    const file = DEFINING_FILES.find((f) => covers(grant, f));
    if (file) problems.push({ index, message: `${quoted} covers ${file}` });
    else if (entry !== undefined && covers(grant, normalizeRelative(entry))) {
      problems.push({ index, message: `${quoted} covers the entry ${JSON.stringify(entry)}` });
    }
  });
  return problems;
}
