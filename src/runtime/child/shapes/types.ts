/**
 * What every calling convention is given for one call, and what it turns into: the runner (Deno)
 * and the Node launcher build {@link CallFacts} and get back a `Response`. Only web APIs are used
 * here, so the same code runs in both (the Node copy is `templates/node/shapes.mjs`).
 */

/** The facts of one call, whatever the function's shape. */
export interface CallFacts {
  /** Id of this call (the `x-request-id` header). */
  requestId: string;
  /** Name of the function. */
  functionName: string;
  /** Path the function sees, without the query (`/` when none). */
  path: string;
  /** Aborts when the caller goes away or the call times out. */
  signal: AbortSignal;
  /** The caller's address (the last `x-forwarded-for` hop the gateway added). */
  clientIp: string;
  /** The manifest's `env` values (Workers `env`, `Netlify.env`, Lambda settings). */
  env: Record<string, string>;
  /** Settles when the response has been sent (Deno.serve's `info.completed`). */
  completed: Promise<void>;
  /** When the call must be answered by (epoch ms), for Lambda's `getRemainingTimeInMillis`. */
  deadline: number;
  /** Memory limit of the instance in MB. */
  memoryMb: number;
}

/**
 * A function's handler adapted to one convention. Never throws: a throw becomes a 500. A web
 * handler that answers synchronously gets a `Response`, not a promise.
 */
export type ShapeCall = (req: Request, facts: CallFacts) => Response | Promise<Response>;

/** Handlers registered through a platform's library instead of exported. */
export interface Registrations {
  /** `Deno.serve(handler)` / std `serve(handler)`: the handler and its `onError`. */
  serve?: { handler: (req: Request, info: unknown) => unknown; onError?: (e: unknown) => unknown };
  /** `addEventListener("fetch", listener)` (Workers service-worker syntax). */
  fetchListener?: (event: unknown) => void;
  /** `functions.http(name, fn)` (Google Cloud Functions Framework). */
  gcf: Map<string, (req: unknown, res: unknown) => unknown>;
  /** `app.http(name, { handler })` (Azure Functions v4). */
  azure: Map<string, (request: unknown, context: unknown) => unknown>;
}

/** Global key under which stand-in libraries record registrations (shared with bundles). */
export const REGISTRATIONS_KEY: unique symbol = Symbol.for("denofn.registrations") as never;

/** The calling conventions the adapters know (`auto` is resolved to one of the others). */
export type ShapeName =
  | "web"
  | "deno-serve"
  | "workers"
  | "netlify"
  | "vercel"
  | "express"
  | "lambda"
  | "openfaas"
  | "gcf"
  | "azure";

/** What the function's settings say about its shape (from `registry.json`). */
export interface ShapeSettings {
  shape: "auto" | ShapeName;
  /** Export name to call (the `handler` field's name part). */
  handler?: string;
  /** Lambda event format. */
  lambdaEvent: "v1" | "v2";
}

/** An adapted handler and the convention it was adapted as (shown in the log at start). */
export interface ResolvedShape {
  shape: ShapeName;
  /** What was found, e.g. `default export (req, res)`. */
  found: string;
  call: ShapeCall;
}
