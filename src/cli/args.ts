/** Command-line parsing: one verb, its positionals, and the flags that verb accepts. */
import { parseArgs } from "node:util";
import { usage } from "./errors.ts";

const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  "token-file": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  runtime: { type: "string" },
  dir: { type: "string" },
  name: { type: "string" },
  data: { type: "string", short: "d" },
  file: { type: "string" },
  method: { type: "string", short: "X" },
  path: { type: "string" },
  header: { type: "string", short: "H", multiple: true },
  follow: { type: "boolean", short: "f" },
  request: { type: "string" },
  since: { type: "string" },
  limit: { type: "string" },
  function: { type: "string" },
  status: { type: "string" },
} as const;

/** The parsed flags. */
export type Flags = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[]
    : (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean
    : string;
};

const COMMON = ["url", "token", "token-file", "json", "help"];

/** The flags each verb accepts, besides the common ones. */
export const VERB_FLAGS: Record<string, string[]> = {
  new: ["runtime", "dir"],
  deploy: ["name"],
  ls: [],
  describe: [],
  invoke: ["data", "file", "method", "path", "header"],
  logs: ["follow", "request", "since", "limit"],
  history: ["function", "status", "limit"],
  rm: [],
  restart: [],
  help: [],
};

/** A parsed command line. */
export interface Parsed {
  verb: string;
  args: string[];
  flags: Flags;
}

/** Parses `argv` (without the program name). */
export function parseCommandLine(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw usage((e as Error).message);
  }
  const [verb = "help", ...args] = parsed.positionals;
  const flags = parsed.values as Flags;
  if (!(verb in VERB_FLAGS)) throw usage(`Unknown command "${verb}"`);
  const allowed = new Set([...COMMON, ...VERB_FLAGS[verb]]);
  for (const key of Object.keys(flags)) {
    if (!allowed.has(key)) throw usage(`"denofn ${verb}" does not take --${key}`);
  }
  return { verb, args, flags };
}

/** The single required positional argument of a verb. */
export function oneArg(p: Parsed, what: string): string {
  if (p.args.length !== 1) throw usage(`"denofn ${p.verb}" takes exactly one <${what}>`);
  return p.args[0];
}
