/**
 * Test helpers for observability: a strict reader of the Prometheus text exposition format.
 * @module
 */

/** One sample of an exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(\\{(.*)\\})? (\\S+)( -?\\d+)?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/y;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

/**
 * Parses Prometheus text format (version 0.0.4) strictly.
 * @throws {Error} naming the first line that does not follow the format.
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  const typed = new Map<string, string>();
  for (const [i, line] of text.split("\n").entries()) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (m?.[1] === "TYPE") {
        if (!TYPES.has(m[3]) || typed.has(m[2])) {
          throw new Error(`line ${i + 1}: bad TYPE: ${line}`);
        }
        typed.set(m[2], m[3]);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1}: not a sample: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[3] ?? "";
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const l = LABEL.exec(body);
      if (!l) throw new Error(`line ${i + 1}: bad labels: ${line}`);
      labels[l[1]] = l[2].replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1");
    }
    const value = m[4] === "+Inf" ? Infinity : m[4] === "-Inf" ? -Infinity : Number(m[4]);
    // Prometheus parses values with Go's ParseFloat: "NaN" in any case (prom-client writes "Nan").
    if (Number.isNaN(value) && !/^nan$/i.test(m[4])) {
      throw new Error(`line ${i + 1}: bad value: ${line}`);
    }
    samples.push({ name: m[1], labels, value });
  }
  return samples;
}

/** The value of the one sample with that name and (a superset of) those labels; 0 if none. */
export function sampleValue(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  const hit = samples.find((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  );
  return hit?.value ?? 0;
}
