/**
 * Scoped store tokens: `dfs.<function>.<mac>`, an HMAC of the function's name under a key that
 * lives only in the platform's memory (a restart makes new instances with new tokens). A token
 * names its function; what that function may do is read from its current manifest per request,
 * so a redeploy that drops a grant takes effect at once.
 */
import { createHmac, randomBytes } from "node:crypto";
import { tokensEqual } from "../util/bearer.ts";

/** Issues and checks store tokens. */
export interface StoreTokens {
  issue(fn: string): string;
  /** The function a token was issued to, or `undefined` when it is not one of ours. */
  verify(token: string): string | undefined;
}

/** Creates a token signer with a fresh random key. */
export function createStoreTokens(key: Uint8Array = randomBytes(32)): StoreTokens {
  const mac = (fn: string) => createHmac("sha256", key).update(fn).digest("base64url");
  return {
    issue: (fn) => `dfs.${fn}.${mac(fn)}`,
    verify(token) {
      const m = /^dfs\.([a-z0-9][a-z0-9_-]{0,62})\.([A-Za-z0-9_-]{43})$/.exec(token);
      return m && tokensEqual(m[2], mac(m[1])) ? m[1] : undefined;
    },
  };
}
