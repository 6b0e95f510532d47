/**
 * The program of a stdin-mode call whose bundle default-exports a function: it reads the body
 * from stdin, calls `handler(input, environment)` once, and writes the answer to stdout as one
 * JSON head line (`{"status","headers"}`) followed by the body. `console.*` goes to stderr (the
 * function's log), never into the answer. `input` is a string for a textual body, else bytes;
 * `environment` holds the method, path, query, headers, request id, the manifest's `env`, and
 * `code`, the status the handler may set (a returned `Response` keeps its own).
 *
 * Usage: `deno run <flags> stdin_runner.ts <bundle-file-url> <env-names-json>`
 */
import { isTextual } from "./shapes/body.ts";
import { toResponse } from "../../../micro/to_response.ts";
import { errorResponse } from "../../../micro/resolve_handler.ts";
import type { HandlerResult } from "../../../micro/types.ts";
import { manifestEnv, relaxEnvReads } from "./capture.ts";

const [bundleUrl, envNames] = Deno.args;
const log = console.error.bind(console);
for (const name of ["log", "info", "debug", "trace", "dir", "table"] as const) {
  (console as unknown as Record<string, unknown>)[name] = log;
}
relaxEnvReads();

const get = (name: string) => Deno.env.get(name) ?? "";
const headers: Record<string, string> = JSON.parse(get("DENOFN_HEADERS") || "{}");
const requestId = get("DENOFN_REQUEST_ID");
const environment = {
  method: get("DENOFN_METHOD"),
  path: get("DENOFN_PATH"),
  query: Object.fromEntries(new URLSearchParams(get("DENOFN_QUERY"))),
  rawQuery: get("DENOFN_QUERY"),
  headers,
  requestId,
  functionName: get("DENOFN_FUNCTION"),
  env: manifestEnv(JSON.parse(envNames || "[]")),
  code: 200,
};
const ctx = {
  requestId,
  functionName: environment.functionName,
  path: environment.path,
  signal: new AbortController().signal,
};

async function answer(): Promise<Response> {
  const bytes = new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
  const input = isTextual(headers["content-type"] ?? null)
    ? new TextDecoder().decode(bytes)
    : bytes;
  try {
    const mod = await import(bundleUrl);
    const result = await mod.default(input, environment) as HandlerResult;
    const res = toResponse(result);
    if (result instanceof Response || environment.code === 200) return res;
    return new Response(res.body, { status: environment.code, headers: res.headers });
  } catch (error) {
    log(error instanceof Error ? (error.stack ?? error.message) : error);
    return errorResponse(error, ctx);
  }
}

const res = await answer();
const head = JSON.stringify({ status: res.status, headers: [...res.headers] });
const out = Deno.stdout.writable.getWriter();
await out.write(new TextEncoder().encode(head + "\n"));
if (res.body) { for await (const chunk of res.body) await out.write(chunk); }
await out.close();
