/**
 * The upstream clients the micro-bench compares, by name.
 * @module
 */
import { createFetchClient, type UpstreamClient } from "../../../src/gateway/upstream/mod.ts";
import { createFetchTunedClient } from "./fetch_tuned_client.ts";
import { createNodeHttpClient } from "./node_http_client.ts";
import { createUndiciClient } from "./undici_client.ts";
import { createHttp1Client } from "../../../src/gateway/upstream/http1_client.ts";

/** Upstream client factories by name; `current` is what the gateway ships. */
export const CLIENTS: Record<string, (socketPath: string) => UpstreamClient> = {
  fetch: createFetchClient,
  fetch_tuned: createFetchTunedClient,
  node_http: createNodeHttpClient,
  undici: createUndiciClient,
  http1: createHttp1Client,
};
