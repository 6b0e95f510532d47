/** A gateway's id among its peers: `DENOFN_GATEWAY_ID`, else the host name (a container's id). */

/** The id: `configured` as is, or the host name cut to the id alphabet (`[A-Za-z0-9_-]`). */
export function gatewayIdOf(configured: string | undefined, hostname = Deno.hostname()): string {
  if (configured) return configured;
  const id = hostname.replace(/[^A-Za-z0-9_-]/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 63);
  return id || "gateway";
}
