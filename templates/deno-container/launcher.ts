// denofn Deno container launcher: serves the function's default export on 0.0.0.0:$PORT.
// Accepts a plain (req, ctx) => Response | string | JSON | undefined, or an object with fetch().
const HEALTH = "/__denofn/health";
type Handler = (req: Request, ctx: unknown) => unknown;

async function load(): Promise<Handler> {
  for (const file of ["./index.ts", "./index.js", "./main.ts"]) {
    try {
      await Deno.stat(new URL(file, import.meta.url));
    } catch {
      continue;
    }
    const mod = await import(file);
    const d = mod.default;
    if (typeof d === "function") return d;
    if (typeof d?.fetch === "function") return d.fetch.bind(d);
    throw new Error(`Cannot start: ${file} has no default-exported handler`);
  }
  throw new Error("Cannot start: no index.ts, index.js or main.ts in /app");
}

function toResponse(value: unknown): Response {
  if (value instanceof Response) return value;
  if (value === undefined) return new Response(null, { status: 204 });
  if (typeof value === "string") {
    return new Response(value, { headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return Response.json(value);
}

const handle = await load();
const port = Number(Deno.env.get("PORT") ?? 8080);
Deno.serve({
  hostname: "0.0.0.0",
  port,
  onListen: () => console.log(`denofn deno launcher listening on :${port}`),
}, async (req) => {
  if (new URL(req.url).pathname === HEALTH) return new Response("ok");
  try {
    return toResponse(await handle(req, {}));
  } catch (e) {
    console.error(e);
    return Response.json({ error: String((e as Error)?.message ?? e) }, { status: 500 });
  }
});
