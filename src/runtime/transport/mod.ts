/**
 * The gateway's HTTP client to function instances, which listen on Unix sockets. It is the hot
 * path of every call, so it lives behind this small interface: {@link createUpstreamClient}
 * returns the pooled HTTP/1.1 client, about twice as fast as Deno's fetch() here (see
 * test/bench/README.md); {@link createFetchClient} is the fetch()-based reference.
 * {@link bodySettled} tells when a response's body is over without wrapping it in a stream.
 * @module
 */
import { createHttp1Client } from "./http1_client.ts";
import type { UpstreamClient, UpstreamClientOptions } from "./types.ts";

export type { UpstreamCall, UpstreamClient, UpstreamClientOptions } from "./types.ts";
export { createFetchClient } from "./fetch_client.ts";
export { requestOf } from "./types.ts";
export { UpstreamProtocolError } from "./http1_conn.ts";
export { bodySettled } from "./http1_client.ts";

/** Creates an upstream client for the instance listening on the Unix socket `socketPath`. */
export function createUpstreamClient(
  socketPath: string,
  options?: UpstreamClientOptions,
): UpstreamClient {
  return createHttp1Client(socketPath, options);
}
