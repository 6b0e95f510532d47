/**
 * A deploy is done when every live gateway routes it: {@link waitForPeers} wraps the registry a
 * gateway's admin API builds through, so that a build (and a delete) resolves once each live
 * peer routes the new version, or after a bound; {@link peerWaitMiddleware} then adds who routes
 * it and who lags to the deploy's answer (`gateways: { routed, lagging, waitedMs }`).
 */
import type { MiddlewareHandler } from "hono";
import { FunctionNotFound } from "../errors/mod.ts";
import type { RegistryControl } from "../registry/mod.ts";
import type { Peers, PeerWait } from "./peers.ts";

/** The registry, with the last peer wait of each function (taken by the middleware). */
export interface WaitingRegistry extends RegistryControl {
  takeWait(name: string): PeerWait | undefined;
}

/** Wraps `registry` so that builds and deletes wait for every live peer (at most `boundMs`). */
export function waitForPeers(
  registry: RegistryControl,
  peers: Peers,
  boundMs: number,
  log: (line: string) => void,
): WaitingRegistry {
  const waits = new Map<string, PeerWait>();
  const note = (name: string, what: string, wait: PeerWait) => {
    waits.set(name, wait);
    if (wait.lagging.length) {
      log(
        `[cluster] ${what} of ${name}: ${wait.lagging.join(", ")} did not route it within ` +
          `${boundMs} ms (routed by ${wait.routed.join(", ") || "none"})`,
      );
    }
  };
  return {
    get ready() {
      return registry.ready;
    },
    list: () => registry.list(),
    close: () => registry.close(),
    async rebuild(name) {
      try {
        const record = await registry.rebuild(name);
        const wait = await peers.waitRouted(name, (b) => (b ?? "") >= record.builtAt, boundMs);
        note(name, "deploy", wait);
        return record;
      } catch (e) {
        if (e instanceof FunctionNotFound) {
          note(name, "delete", await peers.waitRouted(name, (b) => b === undefined, boundMs));
        }
        throw e;
      }
    },
    takeWait(name) {
      const wait = waits.get(name);
      waits.delete(name);
      return wait;
    },
  };
}

/** Adds `gateways` to the JSON answer of a deploy (mount before the admin API). */
export function peerWaitMiddleware(registry: WaitingRegistry): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const name = c.req.param("name");
    const wait = name ? registry.takeWait(name) : undefined;
    if (!wait || c.req.method !== "PUT" && c.req.method !== "POST") return;
    if (!c.res.headers.get("content-type")?.includes("application/json")) return;
    const body = await c.res.clone().json().catch(() => undefined);
    if (!body || typeof body !== "object" || Array.isArray(body)) return;
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    const status = c.res.status;
    c.res = undefined; // Hono would copy the old headers (and length) onto the new answer
    c.res = new Response(JSON.stringify({ ...body, gateways: wait }), { status, headers });
  };
}
