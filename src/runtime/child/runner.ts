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
import { installPublicUrl } from "./public_url.ts";
import { type CallFacts, installGlobals, registrations, resolveShape } from "./shapes/mod.ts";

const [bundleUrl, socketPath, functionName, nonce, settingsArg] = Deno.args;

// The platform holds the other end of stdin and never writes: when it goes away (even on
// kill -9), the pipe closes and this instance ends with it. Plain reads: `Deno.stdin.readable`
// would load the web streams before the instance is ready (~4 ms of every start).
(async () => {
  const buf = new Uint8Array(64);
  try {
    while ((await Deno.stdin.read(buf)) !== null) { /* nothing is sent */ }
  } catch { /* closed */ }
  Deno.exit(0);
})();

const settings = readSettings(settingsArg);
relaxEnvReads();
installPublicUrl();
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

/** The facts of one call: getters on a prototype, so a call pays only for what it reads. */
class RunnerFacts implements CallFacts {
  readonly #req: Request;
  readonly #info: { completed: Promise<void> };
  readonly deadline: number;
  constructor(req: Request, info: { completed: Promise<void> }) {
    this.#req = req;
    this.#info = info;
    this.deadline = Date.now() + settings.timeoutMs;
  }
  get completed(): Promise<void> {
    return this.#info.completed;
  }
  get functionName(): string {
    return functionName;
  }
  get env(): Record<string, string> {
    return env;
  }
  get memoryMb(): number {
    return settings.memoryMb;
  }
  get requestId(): string {
    return this.#req.headers.get("x-request-id") ?? "";
  }
  /** The path the function sees, without the query. */
  get path(): string {
    const url = this.#req.url;
    const start = url.indexOf("/", url.indexOf("//") + 2);
    const end = url.indexOf("?", start);
    return end < 0 ? url.slice(start) : url.slice(start, end);
  }
  /** Lazy: a request's signal costs its making when first read. */
  get signal(): AbortSignal {
    return this.#req.signal;
  }
  /** The caller's address: the last `x-forwarded-for` hop, which the gateway added. */
  get clientIp(): string {
    const xff = this.#req.headers.get("x-forwarded-for");
    if (!xff) return "127.0.0.1";
    return xff.slice(xff.lastIndexOf(",") + 1).trim();
  }
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
  return call(req, new RunnerFacts(req, info));
});
