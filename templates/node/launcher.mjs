// denofn Node launcher: serves the default export of index.mjs / index.js, a web-standard
// (Request, ctx) => Response (or string / JSON value / undefined), or an object with fetch().
import { createServer } from "node:http";
import { existsSync } from "node:fs";

const HEALTH = "/__denofn/health";
const entry = ["./index.mjs", "./index.js"].find((f) => existsSync(new URL(f, import.meta.url)));
if (!entry) throw new Error("Cannot start: no index.mjs or index.js in /app");
const mod = await import(entry);
const exported = mod.default ?? mod.handler;
const handle = typeof exported === "function"
  ? exported
  : typeof exported?.fetch === "function"
  ? exported.fetch.bind(exported)
  : null;
if (!handle) throw new Error(`Cannot start: ${entry} has no default-exported handler`);

function toResponse(value) {
  if (value instanceof Response) return value;
  if (value === undefined) return new Response(null, { status: 204 });
  if (typeof value === "string") {
    return new Response(value, { headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return Response.json(value);
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}

const server = createServer(async (req, res) => {
  if (req.url === HEALTH) return res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  try {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      for (const one of [v].flat()) if (one !== undefined) headers.append(k, one);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const body = hasBody ? await readBody(req) : undefined;
    const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
      method: req.method,
      headers,
      body: body && body.length ? body : undefined,
    });
    const response = toResponse(await handle(request, {}));
    const out = {};
    response.headers.forEach((v, k) => (out[k] = k in out ? `${out[k]}, ${v}` : v));
    res.writeHead(response.status, out);
    if (response.body && req.method !== "HEAD") {
      for await (const chunk of response.body) res.write(chunk);
    }
    res.end();
  } catch (e) {
    console.error(e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: String(e?.message ?? e) }));
  }
});
const port = Number(process.env.PORT ?? 8080);
server.listen(port, "0.0.0.0", () => console.log(`denofn node launcher listening on :${port}`));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
