// One stdin-mode call: reads the body, calls handler(input, environment) of the function once,
// and writes a JSON head line ({ status, headers }) and the body to stdout. console.* goes to
// stderr (the function's log), never into the answer.
import { pathToFileURL } from "node:url";
import { functionEnv, settings } from "./denofn_settings.mjs";

const log = (...a) => console.error(...a);
for (const name of ["log", "info", "debug", "trace", "dir", "table"]) console[name] = log;

const TEXTUAL =
  /^(text\/|application\/(json|[\w.+-]*\+json|xml|javascript|x-www-form-urlencoded))/i;
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const bytes = Buffer.concat(chunks);
const headers = JSON.parse(process.env.DENOFN_HEADERS || "{}");
const type = headers["content-type"];
const environment = {
  method: process.env.DENOFN_METHOD,
  path: process.env.DENOFN_PATH,
  query: Object.fromEntries(new URLSearchParams(process.env.DENOFN_QUERY ?? "")),
  rawQuery: process.env.DENOFN_QUERY ?? "",
  headers,
  requestId: process.env.DENOFN_REQUEST_ID,
  functionName: settings.name,
  env: functionEnv(),
  code: 200,
};

function pick(mod) {
  const name = settings.handler;
  if (name) return mod[name] ?? mod.default?.[name];
  if (typeof mod.default === "function") return mod.default;
  return mod.handler ?? mod.default?.handler ?? mod.handle ?? mod.default?.handle;
}

async function answer() {
  const mod = await import(pathToFileURL(`/app/${settings.entry}`).href);
  const fn = pick(mod);
  if (typeof fn !== "function") {
    throw new Error("stdin mode calls a handler: export default function (input, environment)");
  }
  const result = await fn(
    !type || TEXTUAL.test(type) ? bytes.toString("utf8") : bytes,
    environment,
  );
  if (result instanceof Response) {
    return {
      status: result.status,
      headers: [...result.headers],
      body: Buffer.from(await result.arrayBuffer()),
    };
  }
  const status = environment.code;
  if (result === undefined || result === null) {
    return { status: status === 200 ? 204 : status, headers: [], body: Buffer.alloc(0) };
  }
  if (typeof result === "string") {
    return {
      status,
      headers: [["content-type", "text/plain; charset=utf-8"]],
      body: Buffer.from(result),
    };
  }
  if (result instanceof Uint8Array) {
    return {
      status,
      headers: [["content-type", "application/octet-stream"]],
      body: Buffer.from(result),
    };
  }
  return {
    status,
    headers: [["content-type", "application/json"]],
    body: Buffer.from(JSON.stringify(result)),
  };
}

let out;
try {
  out = await answer();
} catch (e) {
  log(e?.stack ?? e);
  const body = {
    error: String(e?.message ?? e),
    code: "function_error",
    function: settings.name,
    requestId: environment.requestId,
  };
  out = {
    status: 500,
    headers: [["content-type", "application/json"]],
    body: Buffer.from(JSON.stringify(body)),
  };
}
process.stdout.write(JSON.stringify({ status: out.status, headers: out.headers }) + "\n");
process.stdout.write(out.body, () => process.exit(0));
