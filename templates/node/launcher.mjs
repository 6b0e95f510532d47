// denofn Node launcher: serves the function in whichever shape it is written (a web handler,
// Express (req, res), Lambda, OpenFaaS, Google Cloud Functions, Azure, Workers, ...), with the
// same adapters as the Deno runner (denofn_shapes.mjs). Settings come from .denofn/function.json,
// written at build. In stdin mode each call runs denofn_stdin.mjs in a fresh process.
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { functionEnv, settings } from "./denofn_settings.mjs";
import { installGlobals, registrations, resolveShape } from "./denofn_shapes.mjs";

const HEALTH = "/__denofn/health";
const env = functionEnv();
installGlobals(env);
writeOpenfaasSecrets(env);

/** OpenFaaS functions read secrets as files: each variable is also /var/openfaas/secrets/<name>. */
function writeOpenfaasSecrets(vars) {
  try {
    mkdirSync("/tmp/openfaas-secrets", { recursive: true, mode: 0o700 });
    for (const [name, value] of Object.entries(vars)) {
      for (const file of new Set([name, name.toLowerCase().replaceAll("_", "-")])) {
        writeFileSync(`/tmp/openfaas-secrets/${file}`, value, { mode: 0o600 });
      }
    }
  } catch { /* not in a container (tests): no secret files */ }
}

let call;
if (settings.mode !== "stdin") {
  try {
    const mod = await import(pathToFileURL(`/app/${settings.entry}`).href);
    const resolved = resolveShape(mod, registrations(), settings);
    call = resolved.call;
    console.log(`serving ${resolved.found} as ${resolved.shape}`);
  } catch (e) {
    console.error(
      `Cannot start "${settings.name}": ${
        e?.name === "NoHandlerError" ? e.message : e?.stack ?? e
      }`,
    );
    process.exit(70);
  }
}

function clientIp(headers) {
  const xff = headers["x-forwarded-for"];
  return xff ? String(xff).split(",").pop().trim() : "127.0.0.1";
}

function toRequest(req, signal) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    for (const one of [v].flat()) if (one !== undefined) headers.append(k, one);
  }
  const proto = req.headers["x-forwarded-proto"] ?? "http";
  const host = req.headers["x-forwarded-host"] ?? req.headers.host ?? "localhost";
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`${proto}://${host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: "half",
    signal,
  });
}

async function send(res, response, method) {
  const headers = {};
  response.headers.forEach((v, k) => {
    if (k !== "set-cookie") headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (response.body && method !== "HEAD") {
    for await (const chunk of response.body) res.write(chunk);
  }
  res.end();
}

/** One stdin-mode call: a fresh process gets the body on stdin and answers on stdout. */
function stdinCall(req, res) {
  const url = new URL(req.url, "http://localhost");
  const child = spawn(process.execPath, ["/app/denofn_stdin.mjs"], {
    cwd: "/app",
    env: {
      ...process.env,
      DENOFN_METHOD: req.method,
      DENOFN_PATH: url.pathname,
      DENOFN_QUERY: url.search.slice(1),
      DENOFN_REQUEST_ID: String(req.headers["x-request-id"] ?? ""),
      DENOFN_HEADERS: JSON.stringify(req.headers),
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  res.on("close", () => child.exitCode === null && child.kill("SIGKILL"));
  req.pipe(child.stdin).on("error", () => {});
  const out = [];
  child.stdout.on("data", (c) => out.push(c));
  child.on("close", (code) => {
    const all = Buffer.concat(out);
    const eol = all.indexOf(10);
    let head;
    try {
      head = code === 0 ? JSON.parse(all.subarray(0, eol).toString()) : undefined;
    } catch { /* not framed */ }
    if (!head) {
      res.writeHead(500, {
        "content-type": "text/plain; charset=utf-8",
        "x-exit-code": String(code),
      });
      return res.end(all);
    }
    const headers = Object.fromEntries(head.headers);
    headers["x-exit-code"] = "0";
    res.writeHead(head.status, headers);
    res.end(head.status === 204 || head.status === 304 ? undefined : all.subarray(eol + 1));
  });
}

const server = createServer(async (req, res) => {
  if (req.url === HEALTH) return res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  if (settings.mode === "stdin") return stdinCall(req, res);
  const abort = new AbortController();
  let finished;
  const completed = new Promise((resolve) => (finished = resolve));
  res.on("close", () => {
    finished();
    if (!res.writableFinished) abort.abort();
  });
  try {
    const request = toRequest(req, abort.signal);
    const url = new URL(request.url);
    const response = await call(request, {
      requestId: String(req.headers["x-request-id"] ?? ""),
      functionName: settings.name,
      path: url.pathname,
      signal: abort.signal,
      clientIp: clientIp(req.headers),
      env,
      completed,
      deadline: Date.now() + settings.timeoutMs,
      memoryMb: settings.memoryMb,
    });
    await send(res, response, req.method);
  } catch (e) {
    console.error(e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: String(e?.message ?? e) }));
  }
});
/**
 * Loads Node's fetch classes (undici: Request, Headers, Response, web streams) before the first
 * call, which would otherwise pay 40–130 ms for them. Touches no function code.
 */
async function warmFetchClasses() {
  try {
    const incoming = Object.assign(Readable.from([Buffer.from("warm")]), {
      method: "POST",
      url: "/",
      headers: { host: "localhost", "content-type": "text/plain" },
    });
    const request = toRequest(incoming, new AbortController().signal);
    await request.arrayBuffer();
    const response = new Response("ok", { headers: { "content-type": "text/plain" } });
    response.headers.forEach(() => {});
    response.headers.getSetCookie();
    for await (const _ of response.body) { /* read through */ }
    new URL(request.url);
  } catch (e) {
    console.error("warm-up of fetch classes failed:", e);
  }
}

if (settings.mode !== "stdin") await warmFetchClasses();
const port = Number(process.env.PORT ?? 8080);
server.listen(port, "0.0.0.0", () => console.log(`denofn node launcher listening on :${port}`));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
