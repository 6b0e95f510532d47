/**
 * The runtime's HTTP client to function instances, which listen on a Unix socket (Deno
 * subprocesses) or a TCP port (containers). It is the hot path of every call, so it lives behind
 * this small interface: {@link createUpstreamClient} returns the pooled HTTP/1.1 client, about
 * twice as fast as Deno's fetch() here (see test/bench/README.md); {@link createFetchClient} is
 * the fetch()-based reference. {@link bodySettled} tells when a response's body is over without
 * wrapping it in a stream.
 * @module
 */
import { createHttp1Client } from "./http1_client.ts";
import type { UpstreamClient, UpstreamClientOptions, UpstreamTarget } from "./types.ts";

export type {
  RawAnswer,
  RawCall,
  UpstreamCall,
  UpstreamClient,
  UpstreamClientOptions,
  UpstreamTarget,
} from "./types.ts";
export { createFetchClient } from "./fetch_client.ts";
export { requestOf } from "./types.ts";
export { UpstreamProtocolError } from "./http1_conn.ts";
export { bodySettled } from "./http1_client.ts";
export {
  type BodyFraming,
  headBytes,
  type HeaderSource,
  latin1Decode,
  requestHead,
} from "./http1_head.ts";

/**
 * Creates an upstream client for the instance at `target`: `{ transport: "unix", path }`,
 * `{ transport: "tcp", hostname, port }`, or a plain string for a Unix socket path. Bodies
 * stream both ways; idle connections are kept for reuse.
 * @example
 * const client = createUpstreamClient({ transport: "tcp", hostname: "172.18.0.5", port: 8080 });
 * const res = await client.fetch(new Request("http://fn/hello"));
 */
export function createUpstreamClient(
  target: UpstreamTarget | string,
  options?: UpstreamClientOptions,
): UpstreamClient {
  return createHttp1Client(target, options);
}
