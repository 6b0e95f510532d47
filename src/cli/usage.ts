/** The `denofn help` text and the help of each command (`denofn help <command>`, `--help`). */

/** The help of one command. */
export interface CommandHelp {
  /** The synopsis, e.g. `deploy [<dir> | <stack function>] [--name <n>] [--stack <file>]`. */
  usage: string;
  /** One line for the command list. */
  summary: string;
  /** What it does and its flags, shown by `denofn help <command>`. */
  details: string;
}

/** Every command's help, in the order `denofn help` lists them. */
export const HELP: Record<string, CommandHelp> = {
  new: {
    usage: "new <name> [--runtime <r>] [--dir <parent>] | new --list",
    summary: "scaffold a function folder (in ./registry_in when it exists)",
    details: `Writes a starter function with a registry.json whose "test" the platform runs after
each build; Deno starters also get an index_test.ts for \`deno test\` (denofn/micro/testing).

  --runtime <r>   deno (default), node, python, exec or deno-container
  --dir <parent>  where the folder goes (default ./registry_in if it exists, else .)
  --list          list the runtimes and what each starter holds

Example: denofn new greet && denofn deploy registry_in/greet`,
  },
  deploy: {
    usage: "deploy [<dir> | <stack function>] [--name <n>] [--stack <file>]",
    summary: "pack, upload, build; no argument deploys every function of denofn.yaml",
    details:
      `Packs the folder (leaving out what .denofnignore lists: gitignore syntax; dotfiles such
as .env and node_modules/ are left out by default, "!" lines take them back), uploads it, waits
for the build and prints the result and the permission diff against the running version.

With no argument, deploys every function of the stack file (./denofn.yaml or --stack):
  functions:
    hello:                       # the function's name
      path: ./functions/hello    # default ./<name>, relative to the stack file
      manifest:                  # merged over its registry.json (objects merged, the rest replaced)
        idleTimeoutSec: 30
        env: { GREETING: Hi }
With one argument that names a function of the stack (and is not a folder), deploys that one.

  --name <n>      function name (default: the folder's name)
  --stack <file>  the stack file (default ./denofn.yaml, or ./denofn.yml)

Exit 5 when a build fails (the running version keeps serving).`,
  },
  ls: {
    usage: "ls",
    summary: "list functions: status, cold/warm, instances, counters (alias: list)",
    details:
      "Lists every function with its status, state, instances, runtime, calls, errors and build age.",
  },
  describe: {
    usage: "describe <name>",
    summary: "one function: instances, manifest, permission flags",
    details:
      "Shows one function: status, build, instances, counters, manifest and Deno permission flags.",
  },
  invoke: {
    usage:
      "invoke <name> [--data <s> | --file <path|->] [-X <method>] [--path /p] [-q k=v] [-H 'K: v']",
    summary: "call /fn/<name>; the body goes to stdout, status to stderr",
    details:
      `Calls the function through the gateway. The body comes from --data, --file (- is stdin),
or a pipe: \`echo hi | denofn invoke echo\`. GET without a body, POST with one, unless -X says.

  -d, --data <s>      request body
  --file <path|->     request body from a file, or stdin
  -X, --method <m>    HTTP method
  --path </p>         path after /fn/<name> (default /)
  -q, --query <k=v>   query parameter (repeatable)
  -H, --header <K: v> request header (repeatable)

Prints the answer's body on stdout; status, request id and Server-Timing on stderr.
Exit 6 when the function answers >= 400, 3 when it does not exist.

  --async             queue it (POST /async/fn/<name>): prints the job id (see denofn jobs)
  --wait              with --async: wait for the result and print it like a sync call
  --callback <url>    with --async: where the platform POSTs the result (X-Callback-Url)
  --idempotency-key <k>  with --async: a repeat within the result TTL returns the same job`,
  },
  jobs: {
    usage:
      "jobs ls [--dead] [--function <n>] [--state <s>] | jobs show <id> | jobs replay <id>|--all",
    summary: "async jobs and dead letters: list, show, replay",
    details: `Async jobs (from invoke --async, schedules and store triggers), newest first.

  jobs ls             jobs; --dead lists dead letters, --state queued|running|retrying|waiting|done|dead
  jobs show <id>      one job: state, attempts, result status, callback delivery
  jobs replay <id>    run a dead letter again from scratch
  jobs replay --all   replay every dead letter (of --function <n>)
  --function <n>      only this function
  --limit <n>         at most n jobs (default 50)`,
  },
  store: {
    usage: "store get|put|rm <collection> <id> [--data <json> | --file <path|->] | store ls <c>",
    summary: "the JSON datastore: get, put, list and remove documents",
    details: `Reads and writes store documents with the admin token.

  store get <c> <id>  print a document (its version on stderr)
  store put <c> <id>  create or replace it from --data '<json>' or --file <path|->
  store ls <c>        list documents in id order (--prefix <p>, --limit <n>)
  store rm <c> <id>   delete a document`,
  },
  logs: {
    usage: "logs <name> [-f] [--request <id>] [--since 5m|<ISO>|<ms>] [--limit <n>]",
    summary: "show (or follow) the function's stdout/stderr lines",
    details: `Prints the function's log lines: time, instance, request id, line.

  -f, --follow        keep streaming new lines (Ctrl-C stops)
  --request <id>      only the lines of one call (its x-request-id)
  --since <when>      an age (30s, 5m, 2h, 1d), an ISO date or epoch ms
  --limit <n>         at most n lines (default 100)`,
  },
  history: {
    usage: "history [<requestId>] [--function <n>] [--status 500|5xx|ok|error] [--limit <n>]",
    summary: "recent invocations, or one by request id",
    details: `Lists recent invocations (newest first), or shows one call by its request id.

  --function <n>      only this function
  --status <s>        a code (500), a class (5xx), ok (< 400) or error (>= 400)
  --limit <n>         at most n records (default 50)`,
  },
  rm: {
    usage: "rm <name>",
    summary: "delete a function: source and build (aliases: remove, delete)",
    details: "Deletes the function's source and build; its instances stop and its metrics go.",
  },
  restart: {
    usage: "restart <name>",
    summary: "stop its instances; the next call starts fresh ones",
    details: "Stops every instance of the function; the next call starts a fresh one.",
  },
  login: {
    usage: "login <name>",
    summary: "log in as an account; the session is kept for this server",
    details: `Reads the password from stdin (typed without echo on a terminal, else the first line
of a pipe), opens a session (a 15-minute token refreshed automatically, a 7-day refresh token)
and keeps it in ~/.config/denofn/session.json (mode 0600; $DENOFN_SESSION moves it). Later
commands against the same --url use it when no --token, --key or environment credential is set.

Example: denofn login ann   (or: pass show denofn | denofn login ann)`,
  },
  logout: {
    usage: "logout",
    summary: "forget the kept session",
    details: "Deletes the session file that denofn login wrote.",
  },
  whoami: {
    usage: "whoami",
    summary: "the account and role of the credentials in use",
    details: "Shows the user (or the admin token), its role and how it authenticated.",
  },
  users: {
    usage: "users [ls] | users add <name> [--role r] | users rm <name>",
    summary: "accounts (admins): list, add (password from stdin), remove",
    details: `Roles: admin (everything), deployer (its own functions), viewer (reads).

  --role <r>   admin, deployer (default) or viewer

Removing an account revokes its API keys and ends its sessions; its functions go back to admins.`,
  },
  keys: {
    usage: "keys [ls] | keys create <label> [--expires 30d] | keys rm <id> [--function <fn>]",
    summary: "API keys (shown once), or with --function that function's call keys",
    details: `An API key acts as its account in scripts and CI: pass it with --key or DENOFN_KEY.
With --function <fn>, manages the keys that call <fn> when its registry.json says
"auth": {"type": "key"} (sent as Authorization: Bearer or X-Denofn-Key).

  --expires <t>    seconds, or 30m, 12h, 90d (default: never)
  --function <fn>  the function whose call keys to manage`,
  },
  secret: {
    usage: "secret set <fn> <NAME> [--file f] | secret ls <fn> | secret rm <fn> <NAME>",
    summary: "a function's secrets: set from stdin or a file, list names, remove",
    details: `The value comes from stdin (one trailing newline is dropped) or --file (as is), never
from an argument. The function reads it as an environment variable (Deno.env.get("NAME")); a
change restarts its instances. Values are never shown again.

Example: denofn secret set billing STRIPE_KEY < stripe.key`,
  },
  version: {
    usage: "version",
    summary: "the CLI's version and the server's (from /healthz); also --version",
    details:
      `Prints the CLI's version and, when the platform answers, the server's (GET /healthz needs no
token). An unreachable server is reported on stderr; the exit code stays 0.`,
  },
  completion: {
    usage: "completion bash|zsh|fish",
    summary: "print a shell completion script",
    details:
      `Prints a completion script for commands, flags and (from \`denofn ls\`) function names:

  bash:  source <(denofn completion bash)          # e.g. in ~/.bashrc
  zsh:   source <(denofn completion zsh)           # e.g. in ~/.zshrc, after compinit
  fish:  denofn completion fish > ~/.config/fish/completions/denofn.fish`,
  },
  help: {
    usage: "help [<command>]",
    summary: "this text, or one command's help (also <command> --help)",
    details: "Prints the usage, or the help of one command.",
  },
};

/** Other names of commands. */
export const ALIASES: Record<string, string> = { list: "ls", remove: "rm", delete: "rm" };

const COMMON = `Connection (first match wins):
  --url, --token, --key, --token-file   flags (--key: an API key)
  DENOFN_URL, DENOFN_ADMIN_TOKEN, DENOFN_KEY   environment
  ~/.config/denofn/session.json  the session of "denofn login" for that URL
  ~/.config/denofn/config.json   {"url": "http://host:8000", "token": "..."} ($DENOFN_CONFIG)
  ./data/admin_token             the token the platform generated ($DENOFN_DATA/admin_token)
  The URL defaults to http://127.0.0.1:8000.

Output: --json prints machine-readable JSON on stdout (progress stays off).`;

/** The `denofn help` text. */
export const USAGE = `denofn — operate a denofn platform

Usage: denofn <command> [args] [flags]

Commands:
${Object.entries(HELP).map(([verb, h]) => `  ${verb.padEnd(11)} ${h.summary}`).join("\n")}

Run "denofn help <command>" (or "denofn <command> --help") for its flags and examples.

${COMMON}

Exit codes:
  0 ok   1 usage   2 unreachable or server error   3 not found   4 auth
  5 refused (bad archive, failed build, invalid input)   6 invoke: function answered >= 400
`;

/** The help of one command (`verb` may be an alias). */
export function commandHelp(verb: string): string {
  const h = HELP[ALIASES[verb] ?? verb];
  const summary = `${h.summary[0].toUpperCase()}${h.summary.slice(1)}.`;
  return `Usage: denofn ${h.usage}\n\n${summary}\n\n${h.details}\n\n` +
    `Common flags: --url, --token, --key, --token-file, --json, -h/--help (see "denofn help").\n`;
}
