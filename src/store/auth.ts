/**
 * Store authorization. On the gateway's port only the admin token is accepted; on a function's
 * own store socket only that function's token, and then only for the collections its current
 * manifest lists in `permissions.store`.
 */
import { Forbidden, Unauthorized } from "../errors/mod.ts";
import { tokensEqual } from "../util/bearer.ts";
import { grantsAllow } from "./access.ts";
import type { Authorize } from "./routes.ts";
import type { StoreTokens } from "./tokens.ts";

function bearer(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
}

/** The rule of the gateway's `/store`: the admin token. */
export function adminAuthorize(adminToken: string, tokens: StoreTokens): Authorize {
  return (req) => {
    const token = bearer(req);
    if (!token) throw new Unauthorized("The store needs a bearer token");
    if (tokensEqual(token, adminToken)) return;
    if (tokens.verify(token)) {
      throw new Forbidden("A function's store token works only on its own store socket");
    }
    throw new Unauthorized("Invalid bearer token");
  };
}

/** The rule of `fn`'s store socket: its token, within its grants. */
export function functionAuthorize(
  fn: string,
  tokens: StoreTokens,
  grantsOf: (fn: string) => readonly string[],
): Authorize {
  return (req, collection, need) => {
    const token = bearer(req);
    if (!token || tokens.verify(token) !== fn) {
      throw new Unauthorized(`The store needs the token of "${fn}"`);
    }
    if (!grantsAllow(grantsOf(fn), collection, need)) {
      throw new Forbidden(
        `Function "${fn}" may not ${need} collection "${collection}": ` +
          `permissions.store does not grant it`,
      );
    }
  };
}
