/**
 * Per-function auth on calls (`auth` in `registry.json`), checked by the gateway before any
 * instance wakes: a refused call never costs a cold start. Functions without `auth` never reach
 * this code.
 *
 * - `{ "type": "key" }`: a function key (`POST /admin/functions/<fn>/keys`).
 * - `{ "type": "shared-secret", "secret": "<NAME>" }`: the value of the function's secret NAME,
 *   compared in constant time.
 * - `{ "type": "jwt", "secret": "<NAME>" | "jwks": "<url>", "audience"?, "issuer"? }`: a JWT
 *   signed with the secret (HS256/384/512) or a key of the JWKS, unexpired.
 *
 * Keys and shared secrets travel as `Authorization: Bearer <x>` or `X-Denofn-Key: <x>`; JWTs as
 * `Authorization: Bearer <jwt>`. No credential: 401. A wrong one: 403.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { tokensEqual } from "../util/bearer.ts";
import { AuthMisconfigured, CallForbidden, CallUnauthorized } from "./errors.ts";

/** The `auth` of a manifest, once validated. */
export type FunctionAuth =
  | "none"
  | { type: "key" }
  | { type: "shared-secret"; secret: string }
  | {
    type: "jwt";
    secret?: string;
    jwks?: string;
    audience?: string | string[];
    issuer?: string;
  };

/** The header that may carry a function key or shared secret instead of `Authorization`. */
export const KEY_HEADER = "x-denofn-key";

/** What the guard reads. */
export interface InvokeGuardDeps {
  /** Whether `token` is a valid key of `fn`. */
  verifyFunctionKey(fn: string, token: string): Promise<boolean>;
  /** The value of the secret `name` of `fn`. */
  secret(fn: string, name: string): Promise<string | undefined>;
  /** The key set of a JWKS URL (default: jose's remote set, cached per URL). */
  jwks?: (url: string) => JWTVerifyGetKey;
  now?: () => number;
}

/** Checks one call; resolves when it may go on, else throws the 401/403/503 to answer. */
export type InvokeGuard = (fn: string, auth: FunctionAuth, headers: Headers) => Promise<void>;

function bearer(headers: Headers): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return m?.[1];
}

/** Creates the guard the gateway calls for functions with `auth`. */
export function createInvokeGuard(deps: InvokeGuardDeps): InvokeGuard {
  const sets = new Map<string, JWTVerifyGetKey>();
  const jwks = deps.jwks ?? ((url: string) => {
    let set = sets.get(url);
    if (!set) sets.set(url, set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000 }));
    return set;
  });
  const secretOf = async (fn: string, name: string) => {
    const value = await deps.secret(fn, name);
    if (value === undefined) {
      throw new AuthMisconfigured(
        fn,
        `Function "${fn}" requires its secret ${name}, which is not set`,
      );
    }
    return value;
  };

  return async (fn, auth, headers) => {
    if (auth === "none") return;
    if (auth.type === "jwt") {
      const token = bearer(headers);
      if (!token) throw new CallUnauthorized(fn, `Function "${fn}" requires a bearer JWT`);
      const options = {
        audience: auth.audience,
        issuer: auth.issuer,
        currentDate: deps.now ? new Date(deps.now()) : undefined,
        requiredClaims: ["exp"],
      };
      try {
        if (auth.secret) {
          const key = new TextEncoder().encode(await secretOf(fn, auth.secret));
          await jwtVerify(token, key, { ...options, algorithms: ["HS256", "HS384", "HS512"] });
        } else {
          await jwtVerify(token, jwks(auth.jwks!), options);
        }
      } catch (e) {
        if (e instanceof AuthMisconfigured) throw e;
        if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) {
          throw new AuthMisconfigured(
            fn,
            `Cannot read the JWKS of "${fn}": ${(e as Error).message}`,
          );
        }
        if (e instanceof joseErrors.JWTExpired) {
          throw new CallForbidden(fn, `The JWT for "${fn}" has expired`);
        }
        if (e instanceof TypeError || !(e instanceof joseErrors.JOSEError)) {
          throw new AuthMisconfigured(
            fn,
            `Cannot check the JWT of "${fn}": ${(e as Error).message}`,
          );
        }
        throw new CallForbidden(fn, `The JWT for "${fn}" is not valid`);
      }
      return;
    }
    const given = headers.get(KEY_HEADER) ?? bearer(headers);
    if (!given) {
      throw new CallUnauthorized(
        fn,
        `Function "${fn}" requires a ${auth.type === "key" ? "function key" : "shared secret"}`,
      );
    }
    const ok = auth.type === "key"
      ? await deps.verifyFunctionKey(fn, given)
      : tokensEqual(given, await secretOf(fn, auth.secret));
    if (!ok) throw new CallForbidden(fn, `The credential for "${fn}" is not valid`);
  };
}
