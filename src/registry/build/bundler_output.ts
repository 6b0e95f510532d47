/** Making sense of `deno bundle`'s stderr: colors off, noise out, the error message kept. */

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/** Removes terminal color and cursor codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Lines that say nothing about this build (the experimental banner, a Rust backtrace). */
export function isNoise(line: string): boolean {
  const t = line.trim();
  return t === "" || t.includes("deno bundle is experimental") ||
    t === "Stack backtrace:" || /^\d+: <unknown>$/.test(t);
}

/**
 * The error message of a failed bundle: the lines from the first `error:` on, without the
 * closing "bundling failed" when a more precise error precedes it.
 */
export function bundlerError(lines: string[], exitCode: number): string {
  const clean = lines.map(stripAnsi).filter((l) => !isNoise(l));
  const first = clean.findIndex((l) => l.trimStart().startsWith("error:"));
  let kept = first >= 0 ? clean.slice(first) : clean;
  const precise = kept.filter((l) => !/^\s*error: bundling failed\s*$/.test(l));
  if (precise.some((l) => l.trim() !== "")) kept = precise;
  const text = kept.join("\n").replace(/^\s*error:\s*/, "").trim();
  return text || `deno bundle exited with code ${exitCode}`;
}

/** Success chatter (`Bundled 5 modules in 14ms`, the output size line) not worth a log line. */
export function isChatter(line: string): boolean {
  return /^Bundled \d+ modules? in /.test(line.trim()) ||
    /^\S+\.js\s+[\d.]+\s?[kKMG]?B$/.test(line.trim());
}
