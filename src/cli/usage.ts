/** The `denofn help` text. */
export const USAGE = `denofn — operate a denofn platform

Usage: denofn <command> [args] [flags]

Commands:
  new <name> [--runtime deno|node|python|exec|deno-container] [--dir <parent>]
                               scaffold a function folder (in ./registry_in when it exists)
  deploy <dir> [--name <n>]    pack the folder, upload, build; shows the permission diff
  ls                           list functions: status, cold/warm, instances, counters
  describe <name>              one function: instances, manifest, permission flags
  invoke <name> [--data <s> | --file <path|->] [-X <method>] [--path /p] [-H 'K: v']
                               call /fn/<name>; the body goes to stdout, status to stderr
  logs <name> [-f] [--request <id>] [--since 5m|<ISO>|<ms>] [--limit <n>]
                               show (or follow) the function's stdout/stderr lines
  history [<requestId>] [--function <n>] [--status 500|5xx|ok|error] [--limit <n>]
                               recent invocations, or one by request id
  rm <name>                    delete a function (source and build)
  restart <name>               stop its instances; the next call starts fresh ones

Connection (first match wins):
  --url, --token, --token-file   flags
  DENOFN_URL, DENOFN_ADMIN_TOKEN environment
  ~/.config/denofn/config.json   {"url": "http://host:8000", "token": "..."} ($DENOFN_CONFIG)
  ./data/admin_token             the token the platform generated ($DENOFN_DATA/admin_token)
  The URL defaults to http://127.0.0.1:8000.

Output: --json prints machine-readable JSON on stdout (progress stays off).

Exit codes:
  0 ok   1 usage   2 unreachable or server error   3 not found   4 auth
  5 refused (bad archive, failed build, invalid input)   6 invoke: function answered >= 400
`;
