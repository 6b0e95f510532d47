/**
 * Finds a module's handler and adapts it to its calling convention: the manifest's `shape` and
 * `handler` when set, else detection (`auto`) from what the module exports or registered, and
 * from the handler's parameter names (`(req, res)` is Express, `(context, req)` Azure v3,
 * `(event, context)` OpenFaaS or Lambda), which the arity alone cannot tell apart.
 */
import { errorResponse } from "../../../../micro/resolve_handler.ts";
import { toResponse } from "../../../../micro/to_response.ts";
import type { HandlerResult } from "../../../../micro/types.ts";
import { callAzureV3, callAzureV4 } from "./azure.ts";
import { callExpress } from "./express.ts";
import { callLambda } from "./lambda.ts";
import { callOpenfaas } from "./openfaas.ts";
import { paramNames } from "./params.ts";
import type {
  CallFacts,
  Registrations,
  ResolvedShape,
  ShapeCall,
  ShapeName,
  ShapeSettings,
} from "./types.ts";
import { WebContext } from "./web.ts";
import { fetchEvent, workersArgs } from "./workers.ts";

// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => any;
type Module = Record<string, unknown>;

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const RES_NAMES = new Set(["res", "response", "resp", "reply"]);

/** A module has no handler of the kind asked for; the message says what it has. */
export class NoHandlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoHandlerError";
  }
}

const isFn = (v: unknown): v is Fn => typeof v === "function";
const hasFetch = (v: unknown): v is { fetch: Fn } =>
  typeof v === "object" && v !== null && isFn((v as { fetch?: unknown }).fetch);

function own(obj: unknown, name: string): unknown {
  if ((typeof obj !== "object" && typeof obj !== "function") || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, name) ? (obj as Module)[name] : undefined;
}

/** An export by name: the module's own, or (CommonJS in Node) one of `module.exports`. */
function exported(mod: Module, name: string): unknown {
  return own(mod, name) ?? (name !== "default" ? own(mod.default, name) : undefined);
}

/**
 * The shape a bare function is written for, from its parameter names. `named`: found as a named
 * export (`handler`, `lambdaHandler`), where `(event, context)` means Lambda, not OpenFaaS.
 */
function guessFunction(fn: Fn, named: boolean): ShapeName {
  const [first, second] = paramNames(fn);
  if (first === "context") return "azure";
  if (RES_NAMES.has(second)) return "express";
  if (first === "event") return named ? "lambda" : "openfaas";
  return named && first !== "req" && first !== "request" ? "lambda" : "web";
}

type OnError = (error: unknown) => unknown;

function wrap(
  call: (req: Request, facts: CallFacts) => Promise<Response>,
  onError?: OnError,
): ShapeCall {
  return async (req, facts) => {
    try {
      return await call(req, facts);
    } catch (error) {
      return await failed(error, facts, onError);
    }
  };
}

/** The response of a call whose handler threw: the shape's `onError`, else the contract's 500. */
async function failed(error: unknown, facts: CallFacts, onError?: OnError): Promise<Response> {
  console.error(
    `[${facts.functionName}] request ${facts.requestId} failed:`,
    error instanceof Error ? (error.stack ?? error.message) : error,
  );
  if (onError) {
    try {
      return toResponse(await onError(error) as HandlerResult);
    } catch { /* the error handler threw too: the contract's 500 */ }
  }
  return errorResponse(error, facts);
}

/**
 * A web-standard call. A handler that answers without a promise gets its response back directly
 * (no promise, no extra turn of the event loop for the server).
 */
function webCall(
  invoke: (req: Request, ctx: WebContext, facts: CallFacts) => unknown,
  onError?: OnError,
): ShapeCall {
  return (req, facts) => {
    try {
      const ctx = new WebContext(req, facts);
      const out = invoke(req, ctx, facts);
      if (!isThenable(out)) return ctx.finish(toResponse(out as HandlerResult));
      return settle(out, ctx, facts, onError);
    } catch (error) {
      return failed(error, facts, onError);
    }
  };
}

async function settle(
  out: PromiseLike<unknown>,
  ctx: WebContext,
  facts: CallFacts,
  onError?: OnError,
): Promise<Response> {
  try {
    return ctx.finish(toResponse(await out as HandlerResult));
  } catch (error) {
    return await failed(error, facts, onError);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

/** Adapts `target` (a function, or an object with `fetch`) as `shape`. */
function adapt(
  shape: ShapeName,
  target: unknown,
  s: ShapeSettings,
  name = "",
  onError?: OnError,
): ShapeCall {
  const fn = hasFetch(target) ? target.fetch.bind(target) : target as Fn;
  if (!isFn(fn)) throw new NoHandlerError(`the ${shape} handler is not a function`);
  switch (shape) {
    case "workers":
      return webCall((req, _ctx, facts) => fn(req, ...workersArgs(facts)));
    case "express":
    case "gcf":
      return wrap((req, facts) => callExpress(fn, req, facts));
    case "lambda":
      return wrap((req, facts) => callLambda(fn, req, facts, s.lambdaEvent));
    case "openfaas":
      return wrap((req) => callOpenfaas(fn, req));
    case "azure":
      // v4 handlers are registered by name with app.http; v3 ones are exported.
      return wrap((req, facts) =>
        name ? callAzureV4(fn, name, req, facts) : callAzureV3(fn, req, facts)
      );
    default: // web, deno-serve, netlify, vercel
      return webCall((req, ctx) => fn(req, ctx), onError);
  }
}

/** `export function GET(req)`, `POST`, ...: Vercel functions and Next.js route handlers. */
function methodsCall(mod: Module): ShapeCall | undefined {
  const found = METHODS.filter((m) => isFn(exported(mod, m)));
  if (!found.length) return undefined;
  const allow = found.includes("GET") && !found.includes("HEAD") ? [...found, "HEAD"] : found;
  return webCall((req, ctx) => {
    const fn = exported(mod, req.method) ?? (req.method === "HEAD" ? exported(mod, "GET") : null);
    if (!isFn(fn)) {
      return new Response("Method Not Allowed", {
        status: 405,
        headers: { allow: allow.join(", ") },
      });
    }
    return fn(req, ctx);
  });
}

function listenerCall(listener: Fn): ShapeCall {
  return wrap(async (req) => {
    const { event, response } = fetchEvent(req);
    listener(event);
    const answer = response();
    if (!answer) throw new Error("the fetch listener did not call event.respondWith()");
    return toResponse(await answer as HandlerResult);
  });
}

function single<T>(map: Map<string, T>, what: string): [string, T] | undefined {
  if (map.size > 1) {
    throw new NoHandlerError(
      `${map.size} ${what} functions are registered (${[...map.keys()].join(", ")}); ` +
        'set "handler" in registry.json to the one to serve',
    );
  }
  return map.size ? [...map.entries()][0] : undefined;
}

function describeModule(mod: Module, reg: Registrations): string {
  const names = Object.keys(mod).filter((k) => k !== "__esModule");
  const parts = [names.length ? `exports ${names.join(", ")}` : "no exports"];
  if (!reg.serve) parts.push("no Deno.serve call");
  return parts.join(", ");
}

/**
 * Resolves the handler of an imported module (namespace object) and what registered itself.
 * @throws {NoHandlerError} saying what the module has and what would work.
 */
export function resolveShape(mod: Module, reg: Registrations, s: ShapeSettings): ResolvedShape {
  const result = (shape: ShapeName, found: string, call: ShapeCall): ResolvedShape => ({
    shape,
    found,
    call,
  });
  if (s.handler) {
    const name = s.handler;
    const gcf = reg.gcf.get(name);
    const azure = reg.azure.get(name);
    const target = exported(mod, name) ?? gcf ?? azure;
    if (!isFn(target) && !hasFetch(target)) {
      throw new NoHandlerError(
        `handler "${name}" is not a function the module exports or registers (it has ${
          describeModule(mod, reg)
        })`,
      );
    }
    const shape = s.shape !== "auto"
      ? s.shape
      : gcf
      ? "gcf"
      : azure
      ? "azure"
      : hasFetch(target)
      ? "web"
      : guessFunction(target, name !== "default");
    return result(shape, `export ${name}`, adapt(shape, target, s, azure ? name : ""));
  }
  const gcf = single(reg.gcf, "functions.http");
  if (gcf && (s.shape === "auto" || s.shape === "gcf")) {
    return result("gcf", `functions.http("${gcf[0]}")`, adapt("gcf", gcf[1], s));
  }
  const azure = single(reg.azure, "app.http");
  if (azure && (s.shape === "auto" || s.shape === "azure")) {
    return result("azure", `app.http("${azure[0]}")`, adapt("azure", azure[1], s, azure[0]));
  }
  const def = mod.default;
  if (hasFetch(def) && s.shape !== "lambda") {
    // `fetch(request, env, ctx)`, or a router's `fetch(request, ...rest)` (Hono, itty-router).
    const [, second] = paramNames(def.fetch);
    const shape = s.shape !== "auto"
      ? s.shape
      : second === "env" || second?.startsWith("...") || def.fetch.length >= 3
      ? "workers"
      : "web";
    return result(shape, "default export { fetch }", adapt(shape, def, s));
  }
  if (isFn(def) && s.shape !== "lambda") {
    const shape = s.shape !== "auto" ? s.shape : guessFunction(def, false);
    return result(shape, `default export (${paramNames(def).join(", ")})`, adapt(shape, def, s));
  }
  if (reg.serve) {
    const { handler, onError } = reg.serve;
    return result(
      "deno-serve",
      "Deno.serve(handler)",
      adapt("deno-serve", handler, s, "", onError),
    );
  }
  if (reg.fetchListener) {
    return result("workers", 'addEventListener("fetch")', listenerCall(reg.fetchListener as Fn));
  }
  const handler = exported(mod, "handler");
  if (isFn(handler)) {
    const shape = s.shape !== "auto" ? s.shape : guessFunction(handler, true);
    return result(
      shape,
      `export handler (${paramNames(handler).join(", ")})`,
      adapt(shape, handler, s),
    );
  }
  const methods = methodsCall(mod);
  if (methods) return result("vercel", "exports GET/POST/...", methods);
  const fns = Object.keys(mod).filter((k) => k !== "default" && isFn(mod[k]));
  if (fns.length === 1) {
    const fn = mod[fns[0]] as Fn;
    const shape = s.shape !== "auto" ? s.shape : guessFunction(fn, true);
    return result(shape, `export ${fns[0]}`, adapt(shape, fn, s));
  }
  throw new NoHandlerError(
    `no handler: the module has ${describeModule(mod, reg)}; export default a handler ` +
      "(a function or an object with fetch), call Deno.serve(handler), or name the export " +
      'with "handler" in registry.json' + (fns.length ? ` (one of ${fns.join(", ")})` : ""),
  );
}
