/**
 * The URL a function sees: Deno reports `http+unix://<socket>/path` for a request that came in on
 * the instance's Unix socket; the function sees the public `<proto>://<host>/path` the gateway
 * forwarded (`x-forwarded-proto`, `x-forwarded-host`). Installed once on `Request.prototype`, so
 * a call pays for it only when it reads `req.url` (a per-request `Object.defineProperty` costs
 * a few µs on every call), and copies (`new Request(req)`, `req.clone()`) see the same URL.
 */

const UNIX = "http+unix://";

/** Makes `url` of requests received on a Unix socket answer their public URL. */
export function installPublicUrl(): void {
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, "url");
  const original = descriptor?.get;
  if (!original) throw new Error("Cannot install the public URL: Request has no url getter");
  Object.defineProperty(Request.prototype, "url", {
    ...descriptor,
    get(this: Request): string {
      const url: string = original.call(this);
      return url.startsWith(UNIX) ? publicUrl(url, this.headers) : url;
    },
  });
}

/** `http+unix://<socket>/a?b` as the caller sent it: `<proto>://<host>/a?b`. */
export function publicUrl(unixUrl: string, headers: Headers): string {
  const rest = unixUrl.slice(unixUrl.indexOf("/", UNIX.length));
  const proto = headers.get("x-forwarded-proto") ?? "http";
  return `${proto}://${headers.get("x-forwarded-host") ?? "localhost"}${rest}`;
}
