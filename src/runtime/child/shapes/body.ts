/** Request bodies as the other platforms hand them over: text when textual, else base64/bytes. */

const TEXTUAL =
  /^(text\/|application\/(json|[\w.+-]*\+json|xml|[\w.+-]*\+xml|javascript|x-www-form-urlencoded|graphql))/i;

/** Whether a content type is text (JSON, XML, forms, `text/*`); no type counts as text. */
export function isTextual(contentType: string | null): boolean {
  return !contentType || TEXTUAL.test(contentType);
}

/** Bytes to base64 (chunked, so large bodies do not overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** base64 to bytes. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The body's bytes (empty for GET/HEAD or no body). */
export async function bodyBytes(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  if (!req.body) return new Uint8Array(0);
  return new Uint8Array(await req.arrayBuffer());
}

/**
 * The body parsed as Express/Vercel/GCF/Azure do: JSON → value, a form → an object, text →
 * string, anything else → the bytes; an empty body → `undefined`. A JSON body that does not parse
 * stays a string.
 */
export function parseBody(raw: Uint8Array, contentType: string | null): unknown {
  if (!raw.length) return undefined;
  const type = (contentType ?? "").toLowerCase();
  if (!isTextual(contentType)) return raw;
  const text = new TextDecoder().decode(raw);
  if (/json/.test(type)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return queryObject(new URLSearchParams(text));
  }
  return text;
}

/** Query parameters as an object; a repeated key becomes an array (Express, Vercel, GCF). */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prior = out[k];
    out[k] = prior === undefined ? v : Array.isArray(prior) ? [...prior, v] : [prior, v];
  }
  return out;
}

/** Headers as a lower-case object, repeated values joined with `, ` (Node's `req.headers`). */
export function headerObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => (out[k] = v));
  return out;
}

/** Cookies of a `Cookie` header. */
export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}
