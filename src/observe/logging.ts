/**
 * The platform's own output, through LogTape: `DENOFN_LOG_FORMAT=pretty` (default) prints the
 * familiar lines, `json` prints one JSON object per line (`@timestamp`, `level`, `logger`,
 * `message`, and fields such as `requestId`, `function`, `instance`) for Loki, ELK and the like.
 * Records at `warning` and above go to stderr, the rest to stdout. Code logs with
 * `platformLogger(...)`; the process entry (or the composition root) configures the format once.
 */
import {
  configureSync,
  getConfig,
  getJsonLinesFormatter,
  getLogger,
  type Logger,
  type LogRecord,
  type Sink,
} from "@logtape/logtape";

/** The two output formats of `DENOFN_LOG_FORMAT`. */
export type LogFormat = "json" | "pretty";

/** Writes one formatted line (with its newline) to stdout or stderr. */
export type LineWriter = (text: string, stream: "stdout" | "stderr") => void;

const encoder = new TextEncoder();

/** Writes `text` to the process's stdout or stderr synchronously, in order with `console`. */
export const writeStd: LineWriter = (text, stream) => {
  const out = stream === "stderr" ? Deno.stderr : Deno.stdout;
  const bytes = encoder.encode(text);
  for (let at = 0; at < bytes.length;) at += out.writeSync(bytes.subarray(at));
};

function messageOf(record: LogRecord): string {
  if (record.message.length === 1) return String(record.message[0]);
  let text = "";
  for (let i = 0; i < record.message.length; i++) {
    const part = record.message[i];
    text += typeof part === "string" ? part : JSON.stringify(part);
  }
  return text;
}

/**
 * `pretty`: the lines as they always were: `[<part>] <message>` (the process entry's own lines
 * bare), function lines tagged `[fn <instance> <requestId>]`.
 */
function pretty(record: LogRecord): string {
  const p = record.properties;
  const part = record.category.slice(1).join(".");
  const tag = part === "fn"
    ? `[fn ${p.instance}${p.requestId ? ` ${p.requestId}` : ""}] `
    : part
    ? `[${part}] `
    : "";
  return `${tag}${messageOf(record)}\n`;
}

const json = getJsonLinesFormatter({ properties: "flatten" });
const LOUD = new Set(["warning", "error", "fatal"]);

/** The sink that writes each record as one line in `format`. */
export function lineSink(format: LogFormat, write: LineWriter = writeStd): Sink {
  const formatter = format === "json" ? json : pretty;
  return (record) => write(formatter(record), LOUD.has(record.level) ? "stderr" : "stdout");
}

/**
 * Sends the `denofn` loggers to one line sink in `format`, replacing any earlier setup (LogTape's
 * own meta logger only reports its warnings).
 */
export function configureLogging(format: LogFormat, write: LineWriter = writeStd): void {
  configureSync({
    reset: true,
    sinks: { out: lineSink(format, write) },
    loggers: [
      { category: ["denofn"], sinks: ["out"], lowestLevel: "debug" },
      { category: ["logtape", "meta"], sinks: ["out"], lowestLevel: "warning" },
    ],
  });
}

/** Configures `pretty` output unless logging was configured already (by the process entry). */
export function ensureLogging(format: LogFormat = "pretty"): void {
  if (!getConfig()) configureLogging(format);
}

/**
 * `text` as a LogTape message that is printed as it is (braces would otherwise be placeholders).
 * @example platformLogger("fn").info(literal(line), { function: "hello" })
 */
export function literal(text: string): string {
  return text.includes("{") || text.includes("}") ? text.replace(/[{}]/g, "$&$&") : text;
}

/** The logger of one part of the platform, e.g. `platformLogger("gateway")`. */
export function platformLogger(...category: string[]): Logger {
  return getLogger(["denofn", ...category]);
}

const PART = /^\[([a-z][a-z0-9-]*)\] ([^]*)$/;
const FUNCTION = /^([a-z0-9][a-z0-9_-]{0,62})(?: \||:) /;

/**
 * Logs a platform event line such as `[registry] hello: built in 80 ms`: the bracketed part
 * becomes the logger (`denofn.registry`); in registry lines a leading `<function>:` or
 * `<function> |` becomes the `function` field.
 */
export function sayLine(line: string): void {
  const m = PART.exec(line);
  const text = m ? m[2] : line;
  const fn = m?.[1] === "registry" ? FUNCTION.exec(text)?.[1] : undefined;
  const logger = m ? platformLogger(m[1]) : platformLogger();
  logger.info(literal(text), fn ? { function: fn } : {});
}

/**
 * Sends what anything else writes with `console` through the `denofn.console` logger, so that in
 * the JSON format every line of the process is JSON (for the process entry only).
 */
export function captureConsole(): void {
  const log = platformLogger("console");
  const text = (args: unknown[]) =>
    literal(args.map((a) => typeof a === "string" ? a : Deno.inspect(a)).join(" "));
  console.log = console.info = console.debug = (...args: unknown[]) => log.info(text(args));
  console.warn = (...args: unknown[]) => log.warn(text(args));
  console.error = (...args: unknown[]) => log.error(text(args));
}
