/**
 * What the runner puts in place before it imports a function's bundle: `Deno.serve` and
 * `addEventListener("fetch")` record the handler instead of listening (the runner serves it on
 * its socket), and reading an environment variable the function may not read answers
 * `undefined` instead of throwing: its environment holds nothing but what the manifest gives it,
 * so there is nothing to hide, and libraries that probe `NODE_ENV` at load keep working.
 */
import type { Registrations } from "./shapes/mod.ts";

type ServeHandler = (req: Request, info: unknown) => unknown;
interface ServeOptions {
  handler?: ServeHandler;
  fetch?: ServeHandler;
  onError?: (error: unknown) => unknown;
  onListen?: (addr: unknown) => void;
}

const ADDR = { transport: "tcp", hostname: "0.0.0.0", port: 8000 };

/** The `Deno.HttpServer` a captured `Deno.serve` returns: it never finishes by itself. */
function fakeServer() {
  let close!: () => void;
  const finished = new Promise<void>((resolve) => (close = resolve));
  return {
    finished,
    addr: ADDR,
    shutdown: () => Promise.resolve(close()),
    ref() {},
    unref() {},
    [Symbol.asyncDispose]: () => Promise.resolve(close()),
  };
}

/** Reads every way of calling `Deno.serve`: `(h)`, `(opts, h)`, `({ handler })`, `({ fetch })`. */
export function serveArgs(a: unknown, b: unknown): ServeOptions & { handler?: ServeHandler } {
  if (typeof a === "function") return { handler: a as ServeHandler };
  const options = (a ?? {}) as ServeOptions;
  const handler = typeof b === "function" ? b as ServeHandler : options.handler ?? options.fetch;
  return { ...options, handler };
}

/** Replaces `Deno.serve` with a capture into `reg`; returns the real one for the runner. */
export function captureServe(reg: Registrations): typeof Deno.serve {
  const real = Deno.serve.bind(Deno);
  const capture = (a: unknown, b: unknown) => {
    const { handler, onError, onListen } = serveArgs(a, b);
    if (typeof handler !== "function") throw new TypeError("Deno.serve: no handler given");
    if (reg.serve) console.error("Deno.serve was called again: the first handler serves");
    else reg.serve = { handler, onError };
    if (onListen) queueMicrotask(() => onListen(ADDR));
    return fakeServer();
  };
  Object.defineProperty(Deno, "serve", { value: capture, writable: true, configurable: true });
  return real as typeof Deno.serve;
}

/** Records `addEventListener("fetch", listener)` (Workers service-worker syntax) into `reg`. */
export function captureFetchListener(reg: Registrations): void {
  const g = globalThis as unknown as { addEventListener: (...a: unknown[]) => void };
  const real = g.addEventListener.bind(globalThis);
  g.addEventListener = (type: unknown, listener: unknown, ...rest: unknown[]) => {
    if (type !== "fetch") return real(type, listener, ...rest);
    const fn = typeof listener === "function"
      ? listener
      : (listener as { handleEvent?: unknown })?.handleEvent;
    if (typeof fn === "function") reg.fetchListener ??= fn as (event: unknown) => void;
  };
}

/** Makes `Deno.env.get` / `has` (and so `process.env`) answer "unset" for names not granted. */
export function relaxEnvReads(): void {
  const env = Deno.env;
  const relax = <T>(method: "get" | "has", unset: T) => {
    const original = (env[method] as (name: string) => T).bind(env);
    Object.defineProperty(env, method, {
      value: (name: string) => {
        try {
          return original(name);
        } catch (e) {
          if (e instanceof Deno.errors.NotCapable) return unset;
          throw e;
        }
      },
      configurable: true,
      writable: true,
    });
  };
  relax("get", undefined);
  relax("has", false);
}

/** The manifest's `env` values the function was started with (the runner may read them). */
export function manifestEnv(names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = Deno.env.get(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
