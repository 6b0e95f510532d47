/**
 * A function's `requirements.txt` is an input its author controls: only plain requirements pass
 * (`name`, `name[extra]`, version specifiers, environment markers). Options (`-r`, `-e`,
 * `--index-url`, `--find-links`, `--trusted-host`), URLs, VCS and path requirements fail the
 * build naming the line: where packages come from is the operator's choice, not the function's.
 * pip then installs wheels only, so no package code runs at install.
 */

/** Largest `requirements.txt` read, in bytes. */
export const MAX_REQUIREMENTS_BYTES = 64 * 1024;

/** Python libraries that only register a handler: the python template supplies stand-ins. */
export const PYTHON_STAND_INS: readonly string[] = ["functions-framework", "azure-functions"];

const SPEC = String.raw`(===|==|~=|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+`;
const REQUIREMENT = new RegExp(
  String.raw`^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[A-Za-z0-9._,\s-]*\])?\s*` +
    String.raw`(?:\(?\s*${SPEC}\s*(?:,\s*${SPEC}\s*)*\)?)?\s*(?:;[^@/\\]*)?$`,
);

/** A checked requirements file: the lines pip gets, and the stand-ins left out. */
export interface Requirements {
  lines: string[];
  standIns: string[];
}

/** PEP 503 normal form of a project name. */
export function normalizeProject(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * Checks the text of a `requirements.txt`.
 * @throws {Error} naming every refused line.
 */
export function checkRequirements(text: string): Requirements {
  if (text.length > MAX_REQUIREMENTS_BYTES) {
    throw new Error(`requirements.txt is over ${MAX_REQUIREMENTS_BYTES} bytes`);
  }
  const out: Requirements = { lines: [], standIns: [] };
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) return;
    const m = REQUIREMENT.exec(line);
    if (!m) {
      problems.push(
        `requirements.txt line ${i + 1}: ${JSON.stringify(line.slice(0, 80))} is not a plain ` +
          "requirement (options, URLs, VCS and path requirements are refused)",
      );
      return;
    }
    if (PYTHON_STAND_INS.includes(normalizeProject(m[1]))) out.standIns.push(m[1]);
    else out.lines.push(line);
  });
  if (problems.length) throw new Error(`Cannot install dependencies: ${problems.join("; ")}`);
  return out;
}
