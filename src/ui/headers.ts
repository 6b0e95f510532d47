/**
 * Security headers of every `/ui` answer: a Content-Security-Policy that allows only the
 * platform's own scripts, styles and connections (no inline script or style, no framing, no
 * plugins, forms posting only back to the platform), and the usual hardening headers.
 */
import type { MiddlewareHandler } from "hono";

/** The dashboard's Content-Security-Policy. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Headers set on every answer under `/ui`. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  // Not no-referrer: that makes browsers send `Origin: null` on form posts.
  "referrer-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

/** Middleware adding {@link SECURITY_HEADERS} (and `no-store` unless a route set caching). */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // A proxied answer's headers may be immutable: copy them into a fresh response then.
    let res = c.res;
    try {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
    } catch {
      res = new Response(res.body, res);
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
      c.res = res;
    }
    if (!res.headers.has("cache-control")) res.headers.set("cache-control", "no-store");
  };
}
