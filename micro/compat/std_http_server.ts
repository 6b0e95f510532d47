/**
 * Stand-in for the old `https://deno.land/std@<version>/http/server.ts`: its `serve(handler)`
 * becomes `Deno.serve`, which the platform's runner captures. The build maps every std
 * `http/server.ts` URL the function imports here, so a script written for Deno Deploy or an older
 * Supabase template runs unchanged (and without fetching std).
 *
 * @example
 * ```ts
 * import { serve } from "./std_http_server.ts";
 *
 * serve((_req) => new Response("Hello"));
 * ```
 * @module
 */

/** The old std `ConnInfo`. */
export interface ConnInfo {
  readonly localAddr: Deno.Addr;
  readonly remoteAddr: Deno.Addr;
}

/** The old std handler type. */
export type Handler = (request: Request, connInfo: ConnInfo) => Response | Promise<Response>;

/** Options of the old std `serve` (only `onError` and `onListen` matter here). */
export interface ServeInit {
  port?: number;
  hostname?: string;
  signal?: AbortSignal;
  onError?: (error: unknown) => Response | Promise<Response>;
  onListen?: (params: { hostname: string; port: number }) => void;
}

/**
 * Serves `handler` (through `Deno.serve`). Resolves at once: the platform owns the server.
 *
 * @example
 * ```ts
 * import { serve } from "./std_http_server.ts";
 *
 * await serve(() => new Response("ok"), { port: 8000 });
 * ```
 */
export function serve(handler: Handler, options: ServeInit = {}): Promise<void> {
  const info = (i: Deno.ServeHandlerInfo) => ({
    localAddr: i.remoteAddr,
    remoteAddr: i.remoteAddr,
  });
  Deno.serve(
    { onError: options.onError, onListen: options.onListen as never },
    (req, i) => handler(req, info(i)),
  );
  return Promise.resolve();
}

/** `listenAndServe(addr, handler)` of older std versions. */
export function listenAndServe(_addr: string, handler: Handler): Promise<void> {
  return serve(handler);
}
