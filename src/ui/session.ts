/**
 * The dashboard's session cookie: the credential the UI forwards to the admin API, sealed with
 * AES-GCM under a key derived (HKDF) from the platform's secret, with an expiry and a CSRF token.
 * Nothing is kept on the server, so every gateway sharing the secret (the admin token) accepts
 * the cookie, and changing the secret ends every session.
 */

/** What a session cookie holds. */
export interface Session {
  /** The bearer credential sent to the admin API (the admin token, or a login's token). */
  bearer: string;
  /** Refresh token of an account login, when there is one. */
  refresh?: string;
  /** Who logged in, for the page header (`admin token` or a user name). */
  who: string;
  /** Random token every state-changing request must echo (header or form field). */
  csrf: string;
  /** Epoch ms the session ends. */
  exp: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** A random token of `bytes` bytes, base64url. */
export function randomToken(bytes = 24): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Seals and opens session cookies. */
export class SessionSealer {
  private constructor(readonly key: CryptoKey) {}

  /** Derives the sealing key from `secret`. */
  static async create(secret: string): Promise<SessionSealer> {
    if (!secret) throw new Error("Cannot seal UI sessions: the secret is empty");
    const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
      "deriveKey",
    ]);
    const key = await crypto.subtle.deriveKey(
      {
        name: "HKDF",
        hash: "SHA-256",
        salt: encoder.encode("denofn-ui"),
        info: encoder.encode("session cookie v1"),
      },
      base,
      { name: "AES-GCM", length: 256 },
      false,
      ["encrypt", "decrypt"],
    );
    return new SessionSealer(key);
  }

  /** The cookie value of `session`. */
  async seal(session: Session): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = encoder.encode(JSON.stringify(session));
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt({ name: "AES-GCM", iv }, this.key, plain),
    );
    const out = new Uint8Array(iv.length + sealed.length);
    out.set(iv);
    out.set(sealed, iv.length);
    return base64url(out);
  }

  /** The session in `value`, or undefined when it is forged, damaged or expired. */
  async open(value: string | undefined, now = Date.now()): Promise<Session | undefined> {
    const bytes = value && value.length < 8192 ? fromBase64url(value) : undefined;
    if (!bytes || bytes.length < 29) return undefined;
    try {
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytes.subarray(0, 12) },
        this.key,
        bytes.subarray(12),
      );
      const session = JSON.parse(decoder.decode(plain)) as Session;
      if (typeof session.exp !== "number" || session.exp <= now) return undefined;
      if (typeof session.bearer !== "string" || typeof session.csrf !== "string") return undefined;
      return session;
    } catch {
      return undefined;
    }
  }
}
