/**
 * Sessions: a short-lived access token (a JWT, HS256, signed with a key of the data folder) and a
 * longer-lived opaque refresh token (`dfr_<id>_<secret>`, stored hashed under
 * `["auth", "refresh", <id>]`) that is replaced at each use. The access token carries the user's
 * version: changing or deleting the account ends its sessions at the next request.
 */
import { jwtVerify, SignJWT } from "jose";
import { newCredential, parseCredential, secretMatches } from "./tokens.ts";

/** The prefix of refresh tokens. */
export const REFRESH_PREFIX = "dfr";
/** The issuer and audience written into session tokens. */
const ISSUER = "denofn";
const AUDIENCE = "denofn-admin";

/** Lifetimes of the tokens, in seconds. */
export interface SessionLifetimes {
  /** Access token (default 900: 15 minutes). */
  accessSec: number;
  /** Refresh token (default 604800: 7 days). */
  refreshSec: number;
}

/** What login and refresh answer. */
export interface SessionTokens {
  token: string;
  refreshToken: string;
  /** Seconds the access token is valid. */
  expiresIn: number;
}

/** The claims a valid access token carries. */
export interface SessionClaims {
  user: string;
  version: number;
}

interface RefreshRecord {
  user: string;
  version: number;
  hash: string;
  expiresAt: number;
}

const REFRESH = ["auth", "refresh"];

/** Issues and checks session tokens. */
export class Sessions {
  readonly #key: Uint8Array;

  constructor(
    private readonly kv: Deno.Kv,
    signingKey: string,
    private readonly lifetimes: SessionLifetimes,
    private readonly now: () => number = Date.now,
  ) {
    this.#key = new TextEncoder().encode(signingKey);
  }

  /** A new session for `user` at `version`. */
  async issue(user: string, version: number): Promise<SessionTokens> {
    const nowSec = Math.floor(this.now() / 1000);
    const token = await new SignJWT({ ver: version })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(user)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + this.lifetimes.accessSec)
      .sign(this.#key);
    const refresh = newCredential(REFRESH_PREFIX);
    const record: RefreshRecord = {
      user,
      version,
      hash: refresh.hash,
      expiresAt: this.now() + this.lifetimes.refreshSec * 1000,
    };
    await this.kv.set([...REFRESH, refresh.id], record, {
      expireIn: this.lifetimes.refreshSec * 1000,
    });
    return { token, refreshToken: refresh.token, expiresIn: this.lifetimes.accessSec };
  }

  /** The claims of a valid access token (signature, issuer, audience, expiry), else undefined. */
  async verify(token: string): Promise<SessionClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(this.now()),
        requiredClaims: ["sub", "exp"],
      });
      if (typeof payload.sub !== "string" || typeof payload.ver !== "number") return undefined;
      return { user: payload.sub, version: payload.ver };
    } catch {
      return undefined;
    }
  }

  /**
   * Trades a refresh token for a new session; the old refresh token stops working (one use).
   * `current` tells the user's current version (undefined when the user is gone).
   */
  async refresh(
    token: string,
    current: (user: string) => Promise<number | undefined>,
  ): Promise<SessionTokens | undefined> {
    const parsed = parseCredential(REFRESH_PREFIX, token);
    if (!parsed) return undefined;
    const key = [...REFRESH, parsed.id];
    const entry = await this.kv.get<RefreshRecord>(key);
    const record = entry.value;
    if (!record || !secretMatches(parsed.secret, record.hash)) return undefined;
    // One use: only the request that deletes the entry gets a new session.
    const taken = await this.kv.atomic().check(entry).delete(key).commit();
    if (!taken.ok || record.expiresAt <= this.now()) return undefined;
    const version = await current(record.user);
    if (version === undefined || version !== record.version) return undefined;
    return await this.issue(record.user, version);
  }

  /** Whether `token` looks like a JWT (three base64url parts), so it is worth verifying. */
  static looksLikeJwt(token: string): boolean {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
  }
}
