/**
 * The upstream clients the micro-bench compares, by name.
 * @module
 */
import { createFetchClient, type UpstreamClient } from "../../../src/runtime/transport/mod.ts";
import { requestOf } from "../../../src/runtime/transport/types.ts";
import { createNodeHttpClient } from "./node_http_client.ts";
import { createUndiciClient } from "./undici_client.ts";
import { createToyClient } from "./toy_client.ts";
import { createHttp1Client } from "../../../src/runtime/transport/http1_client.ts";

type FetchOnly = Omit<UpstreamClient, "send">;

/** Gives a fetch-only candidate the `send` of the interface. */
function withSend(make: (socketPath: string) => FetchOnly) {
  return (socketPath: string): UpstreamClient => {
    const c = make(socketPath);
    return { ...c, send: (call) => c.fetch(requestOf(call)) };
  };
}

/** Upstream client factories by name; `http1` is what the gateway ships. */
export const CLIENTS: Record<string, (socketPath: string) => UpstreamClient> = {
  fetch: createFetchClient,
  // HTTP/1.1 only, a large idle pool: tuned for one local upstream.
  fetch_tuned: (socketPath) =>
    createFetchClient(socketPath, {
      http1: true,
      http2: false,
      poolMaxIdlePerHost: 256,
      poolIdleTimeout: 60_000,
    }),
  node_http: withSend(createNodeHttpClient),
  undici: withSend(createUndiciClient),
  http1: createHttp1Client,
  toy: withSend(createToyClient),
};
