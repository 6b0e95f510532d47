/**
 * The gateway's HTTP client to function instances, which listen on Unix sockets. It is the hot
 * path of every call, so it lives behind this small interface and can be swapped for a faster
 * implementation without touching the gateway.
 * @module
 */
export { createUpstreamClient, type UpstreamClient } from "./fetch_client.ts";
