/** Errors of accounts and per-function auth, in the platform's JSON error shape. */
import { DenofnError } from "../errors/mod.ts";

/** 429: too many failed logins; `Retry-After` says when to try again. */
export class TooManyAttempts extends DenofnError {
  constructor(retryAfterSec: number) {
    super(
      429,
      "too_many_attempts",
      `Too many failed logins: try again in ${retryAfterSec} s`,
      undefined,
      retryAfterSec,
    );
  }
}

/** 401 on a function call: no credential, or one the function does not accept. */
export class CallUnauthorized extends DenofnError {
  constructor(fn: string, why: string) {
    super(401, "unauthorized", why, fn);
  }

  override headers(): Record<string, string> {
    return { "www-authenticate": `Bearer realm="fn/${this.functionName}"` };
  }
}

/** 403 on a function call: a credential was sent and is wrong, expired or revoked. */
export class CallForbidden extends DenofnError {
  constructor(fn: string, why: string) {
    super(403, "forbidden", why, fn);
  }
}

/** 503 on a function call: its auth names a secret that is not set (refused, never let pass). */
export class AuthMisconfigured extends DenofnError {
  constructor(fn: string, why: string) {
    super(503, "auth_misconfigured", why, fn, 30);
  }
}
