/** Header handling of the proxy hop: hop-by-hop headers never cross it. */

const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

/** Removes hop-by-hop headers, including those named by `Connection`, in place. */
export function stripHopByHop(headers: Headers): Headers {
  const named = headers.get("connection");
  if (named) { for (const h of named.split(",")) headers.delete(h.trim()); }
  for (const h of HOP_BY_HOP) headers.delete(h);
  return headers;
}

/** Facts about the incoming call that the function sees as `x-forwarded-*` headers. */
export interface ForwardInfo {
  requestId: string;
  prefix: string;
  clientIp?: string;
  host: string;
  proto: string;
}

/** The headers the function receives: the caller's, minus hop-by-hop, plus forwarding facts. */
export function upstreamHeaders(incoming: Headers, info: ForwardInfo): Headers {
  const headers = stripHopByHop(new Headers(incoming));
  headers.delete("x-denofn-probe");
  headers.set("x-request-id", info.requestId);
  headers.set("x-forwarded-prefix", info.prefix);
  headers.set("x-forwarded-host", info.host);
  headers.set("x-forwarded-proto", info.proto);
  if (info.clientIp) {
    const prior = incoming.get("x-forwarded-for");
    headers.set("x-forwarded-for", prior ? `${prior}, ${info.clientIp}` : info.clientIp);
  }
  return headers;
}
