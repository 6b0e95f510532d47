/**
 * Typed errors of the platform. Each carries the HTTP status and a stable code, and knows how to
 * become the JSON error body of the gateway contract:
 * `{ "error": "...", "function": "<name>", "requestId": "..." }`.
 * @module
 */

/** Base class of every error the platform answers with. */
export class DenofnError extends Error {
  /** HTTP status the gateway answers with. */
  readonly status: number;
  /** Stable machine-readable code, e.g. `function_not_found`. */
  readonly code: string;
  /** Function the error concerns, when there is one. */
  readonly functionName?: string;
  /** Seconds after which a retry may succeed (sent as `Retry-After`), for 429 and 503. */
  readonly retryAfterSec?: number;

  constructor(
    status: number,
    code: string,
    message: string,
    functionName?: string,
    retryAfterSec?: number,
  ) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.functionName = functionName;
    this.retryAfterSec = retryAfterSec;
  }

  /** Response headers the error asks for (`Retry-After`). */
  headers(): Record<string, string> {
    return this.retryAfterSec === undefined ? {} : { "retry-after": String(this.retryAfterSec) };
  }

  /** The JSON body of the gateway's error contract. */
  toBody(requestId?: string): Record<string, string> {
    const body: Record<string, string> = { error: this.message, code: this.code };
    if (this.functionName) body.function = this.functionName;
    if (requestId) body.requestId = requestId;
    return body;
  }
}

/** 404: no function of that name is registered. */
export class FunctionNotFound extends DenofnError {
  constructor(name: string) {
    super(404, "function_not_found", `Function "${name}" is not registered`, name);
  }
}

/** 503: the function failed to build, or is not ready yet. The message says why. */
export class FunctionNotReady extends DenofnError {
  constructor(name: string, why: string, retryAfterSec = 5) {
    super(503, "function_not_ready", why, name, retryAfterSec);
  }
}

/** 502: the function crashed, exited, or failed to start. */
export class FunctionCrashed extends DenofnError {
  constructor(name: string, why: string) {
    super(502, "function_crashed", why, name);
  }
}

/** 504: the function did not answer within its `timeoutMs`. */
export class FunctionTimedOut extends DenofnError {
  constructor(name: string, timeoutMs: number) {
    super(
      504,
      "function_timed_out",
      `Function "${name}" did not answer within ${timeoutMs} ms`,
      name,
    );
  }
}

/** 499: the caller went away before the function answered (nobody reads this answer). */
export class ClientClosedRequest extends DenofnError {
  constructor(name: string) {
    super(
      499,
      "client_closed_request",
      `The caller of "${name}" went away before the answer`,
      name,
    );
  }
}

/** 429: every instance is at its concurrency and the wait queue is full; retry in a second. */
export class FunctionBusy extends DenofnError {
  constructor(name: string, why: string) {
    super(429, "function_busy", why, name, 1);
  }
}

/** 413: the request body is larger than the function accepts. */
export class PayloadTooLarge extends DenofnError {
  constructor(name: string, limitBytes: number) {
    super(
      413,
      "payload_too_large",
      `Request body exceeds the limit of ${limitBytes} bytes for "${name}"`,
      name,
    );
  }
}

/** 400: the request itself is malformed (bad name, bad path). */
export class BadRequest extends DenofnError {
  constructor(message: string, functionName?: string) {
    super(400, "bad_request", message, functionName);
  }
}

/** 401: credentials are missing or wrong. */
export class Unauthorized extends DenofnError {
  constructor(message = "Missing or invalid bearer token") {
    super(401, "unauthorized", message);
  }
}

/** 403: credentials are valid but do not allow this. */
export class Forbidden extends DenofnError {
  constructor(message: string) {
    super(403, "forbidden", message);
  }
}

/** 503: the platform is starting (the registry has not finished its first scan yet). */
export class PlatformStarting extends DenofnError {
  constructor(why = "The platform is starting: the registry has not finished its first scan") {
    super(503, "starting", why, undefined, 1);
  }
}

/** 503: the platform is shutting down and takes no new calls. */
export class ShuttingDown extends DenofnError {
  constructor() {
    super(503, "shutting_down", "The gateway is shutting down");
  }
}
