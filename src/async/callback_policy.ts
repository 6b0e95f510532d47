/**
 * Which `X-Callback-Url`s the platform will POST results to: http(s) only, never the platform
 * itself (a callback into `/async` would loop, one into `/admin` would be a confused deputy),
 * and, when `DENOFN_CALLBACK_ALLOW` is set, only the hosts it lists.
 */

/** The rule, from the configuration. */
export interface CallbackPolicy {
  /** Allowed hosts (`host`, `host:port`, `*.domain`); empty or `*` allows any host. */
  allow: string[];
  /** The platform's own port: a local address on it is the platform itself. */
  selfPort: () => number | undefined;
  /** Resolves a host name to addresses (default: DNS through Deno). */
  resolve?: (host: string) => Promise<string[]>;
  /** This machine's addresses (default: loopback, unspecified and every interface). */
  localAddresses?: () => string[];
}

/** Longest callback URL accepted. */
export const MAX_CALLBACK_URL = 2_048;

function defaultLocal(): string[] {
  const addresses = ["127.0.0.1", "::1", "0.0.0.0", "::"];
  try {
    for (const i of Deno.networkInterfaces()) addresses.push(i.address);
  } catch { /* no sys permission: loopback rules still apply */ }
  return addresses;
}

async function defaultResolve(host: string): Promise<string[]> {
  const found: string[] = [];
  for (const type of ["A", "AAAA"] as const) {
    try {
      found.push(...await Deno.resolveDns(host, type, { signal: AbortSignal.timeout(2_000) }));
    } catch { /* no record of this type */ }
  }
  return found;
}

/** `::ffff:7f00:1` and `::ffff:127.0.0.1` → `127.0.0.1`; other addresses unchanged. */
function unmapped(address: string): string {
  const a = address.toLowerCase().replace(/^\[|\]$/g, "");
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (!hex) return a;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

function isLocal(address: string, local: string[]): boolean {
  const a = unmapped(address);
  return a.startsWith("127.") || local.map(unmapped).includes(a);
}

function allowed(url: URL, allow: string[]): boolean {
  if (allow.length === 0 || allow.includes("*")) return true;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allow.some((entry) => {
    const e = entry.toLowerCase();
    if (e.startsWith("*.")) return host.endsWith(e.slice(1));
    return e === host || e === `${host}:${port}`;
  });
}

/**
 * Checks a callback URL.
 * @returns why it is refused, or `undefined` when it may be used.
 */
export async function callbackUrlProblem(
  text: string,
  policy: CallbackPolicy,
): Promise<string | undefined> {
  if (text.length > MAX_CALLBACK_URL) return `is longer than ${MAX_CALLBACK_URL} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be http or https";
  if (url.username || url.password) return "must not carry credentials";
  if (!allowed(url, policy.allow)) return "is not allowed by DENOFN_CALLBACK_ALLOW";
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  if (port !== policy.selfPort()) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const isAddress = /^[\d.]+$/.test(host) || host.includes(":");
  const addresses = isAddress
    ? [host]
    : host === "localhost" || host.endsWith(".localhost")
    ? ["127.0.0.1"]
    : await (policy.resolve ?? defaultResolve)(host);
  const local = (policy.localAddresses ?? defaultLocal)();
  if (addresses.some((a) => isLocal(a, local))) return "points at the platform itself";
  return undefined;
}
