/**
 * The program every HTTP-mode Deno instance runs: it imports the function's bundle, finds its
 * handler in whichever shape it is written (see `shapes/`), serves it on the Unix socket the
 * gateway gave it, and prints a ready line with the gateway's nonce. Health probes (a request
 * carrying `x-denofn-probe`) are answered here, not by the function. A module with no handler
 * ends the start with a message saying what it has (exit code 70).
 *
 * Usage: `deno run <flags> runner.ts <bundle-file-url> <socket-path> <function-name> <nonce>
 * [<settings-json>]`
 */
import { captureFetchListener, captureServe, manifestEnv, relaxEnvReads } from "./capture.ts";
import { readSettings } from "./settings.ts";
import { type CallFacts, installGlobals, registrations, resolveShape } from "./shapes/mod.ts";

const [bundleUrl, socketPath, functionName, nonce, settingsArg] = Deno.args;

// The platform holds the other end of stdin and never writes: when it goes away (even on
// kill -9), the pipe closes and this instance ends with it.
(async () => {
  try {
    for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
  } catch { /* closed */ }
  Deno.exit(0);
})();

const settings = readSettings(settingsArg);
relaxEnvReads();
const env = manifestEnv(settings.env);
installGlobals(env);
const reg = registrations();
const serve = captureServe(reg);
captureFetchListener(reg);

let call: ReturnType<typeof resolveShape>["call"];
try {
  const mod = await import(bundleUrl);
  const resolved = resolveShape(mod, reg, settings);
  call = resolved.call;
  if (resolved.shape !== "web") console.log(`serving ${resolved.found} as ${resolved.shape}`);
} catch (error) {
  const why = error instanceof Error && error.name === "NoHandlerError"
    ? error.message
    : (error as Error)?.stack ?? String(error);
  console.error(`Cannot start "${functionName}": ${why}`);
  Deno.exit(70);
}

/** The caller's address: the last `x-forwarded-for` hop, which the gateway added. */
function clientIp(headers: Headers): string {
  const xff = headers.get("x-forwarded-for");
  if (!xff) return "127.0.0.1";
  return xff.slice(xff.lastIndexOf(",") + 1).trim();
}

serve({
  path: socketPath,
  onListen() {
    console.log(`__denofn_ready__ ${nonce}`);
  },
  onError(error) {
    console.error(error);
    return Response.json({ error: String(error), function: functionName }, { status: 500 });
  },
}, (req, info) => {
  if (req.headers.has("x-denofn-probe")) return new Response("ok");
  // Deno reports `http+unix://host/path` for Unix sockets; show the function the public URL.
  const rest = req.url.slice(req.url.indexOf("/", 12));
  const proto = req.headers.get("x-forwarded-proto") ?? "http";
  const url = `${proto}://${req.headers.get("x-forwarded-host") ?? "localhost"}${rest}`;
  Object.defineProperty(req, "url", { value: url });
  const query = rest.indexOf("?");
  const facts: CallFacts = {
    requestId: req.headers.get("x-request-id") ?? "",
    functionName,
    path: query < 0 ? rest : rest.slice(0, query),
    signal: req.signal,
    get clientIp() {
      return clientIp(req.headers);
    },
    env,
    completed: info.completed,
    deadline: Date.now() + settings.timeoutMs,
    memoryMb: settings.memoryMb,
  };
  return call(req, facts);
});
