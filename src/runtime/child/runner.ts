/**
 * The program every HTTP-mode Deno instance runs: it imports the function's bundle, serves it
 * on the Unix socket the gateway gave it, and prints a ready line with the gateway's nonce.
 * Health probes (a request carrying `x-denofn-probe`) are answered here, not by the function.
 *
 * Usage: `deno run <flags> runner.ts <bundle-file-url> <socket-path> <function-name> <nonce>`
 */
import { resolveHandler } from "../../../micro/mod.ts";

const [bundleUrl, socketPath, functionName, nonce] = Deno.args;

// The platform holds the other end of stdin and never writes: when it goes away (even on
// kill -9), the pipe closes and this instance ends with it.
(async () => {
  try {
    for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
  } catch { /* closed */ }
  Deno.exit(0);
})();

let handler: ReturnType<typeof resolveHandler>;
try {
  const mod = await import(bundleUrl);
  handler = resolveHandler(mod.default);
} catch (error) {
  console.error(`Cannot start "${functionName}": ${(error as Error)?.stack ?? error}`);
  Deno.exit(70);
}

Deno.serve({
  path: socketPath,
  onListen() {
    console.log(`__denofn_ready__ ${nonce}`);
  },
  onError(error) {
    console.error(error);
    return Response.json({ error: String(error), function: functionName }, { status: 500 });
  },
}, (req) => {
  if (req.headers.has("x-denofn-probe")) return new Response("ok");
  // Deno reports `http+unix://host/path` for Unix sockets; show the function the public URL.
  const rest = req.url.slice(req.url.indexOf("/", 12));
  const proto = req.headers.get("x-forwarded-proto") ?? "http";
  const url = `${proto}://${req.headers.get("x-forwarded-host") ?? "localhost"}${rest}`;
  Object.defineProperty(req, "url", { value: url });
  const query = rest.indexOf("?");
  return handler(req, {
    requestId: req.headers.get("x-request-id") ?? "",
    functionName,
    path: query < 0 ? rest : rest.slice(0, query),
    signal: req.signal,
  });
});
