/** Command-line parsing: one verb, its positionals, and the flags that verb accepts. */
import { parseArgs } from "node:util";
import { usage } from "./errors.ts";
import { ALIASES } from "./usage.ts";

const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  "token-file": { type: "string" },
  key: { type: "string" },
  role: { type: "string" },
  expires: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  runtime: { type: "string" },
  dir: { type: "string" },
  list: { type: "boolean" },
  name: { type: "string" },
  stack: { type: "string" },
  data: { type: "string", short: "d" },
  file: { type: "string" },
  method: { type: "string", short: "X" },
  path: { type: "string" },
  query: { type: "string", short: "q", multiple: true },
  header: { type: "string", short: "H", multiple: true },
  follow: { type: "boolean", short: "f" },
  request: { type: "string" },
  since: { type: "string" },
  limit: { type: "string" },
  function: { type: "string" },
  status: { type: "string" },
  async: { type: "boolean" },
  wait: { type: "boolean" },
  callback: { type: "string" },
  "idempotency-key": { type: "string" },
  dead: { type: "boolean" },
  all: { type: "boolean" },
  state: { type: "string" },
  prefix: { type: "string" },
} as const;

/** The parsed flags. */
export type Flags = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[]
    : (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean
    : string;
};

/** Flags every verb takes. */
export const COMMON = ["url", "token", "token-file", "key", "json", "help", "version"];

/** The flags each verb accepts, besides the common ones. */
export const VERB_FLAGS: Record<string, string[]> = {
  new: ["runtime", "dir", "list"],
  deploy: ["name", "stack"],
  ls: [],
  describe: [],
  invoke: [
    "data",
    "file",
    "method",
    "path",
    "query",
    "header",
    "async",
    "wait",
    "callback",
    "idempotency-key",
  ],
  jobs: ["dead", "all", "function", "state", "limit"],
  store: ["data", "file", "prefix", "limit"],
  logs: ["follow", "request", "since", "limit"],
  history: ["function", "status", "limit"],
  rm: [],
  restart: [],
  login: [],
  logout: [],
  whoami: [],
  users: ["role"],
  keys: ["function", "expires"],
  secret: ["file"],
  version: [],
  completion: [],
  help: [],
};

/** Short forms of flags, for help and completion. */
export const SHORT_FLAGS: Record<string, string> = Object.fromEntries(
  Object.entries(OPTIONS).flatMap(([k, o]) => "short" in o ? [[k, o.short]] : []),
);

/** A parsed command line. */
export interface Parsed {
  /** The command, aliases resolved (`list` → `ls`). */
  verb: string;
  /** The command as typed (an alias stays). */
  typed: string;
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
  const flags = parsed.values as Flags;
  const [typed = flags.version ? "version" : "help", ...args] = parsed.positionals;
  const verb = ALIASES[typed] ?? typed;
  if (!(verb in VERB_FLAGS)) throw usage(`Unknown command "${typed}"`);
  const allowed = new Set([...COMMON, ...VERB_FLAGS[verb]]);
  for (const key of Object.keys(flags)) {
    if (!allowed.has(key)) throw usage(`"denofn ${typed}" does not take --${key}`);
  }
  return { verb, typed, args, flags };
}

/** The single required positional argument of a verb. */
export function oneArg(p: Parsed, what: string): string {
  if (p.args.length !== 1) throw usage(`"denofn ${p.typed}" takes exactly one <${what}>`);
  return p.args[0];
}
