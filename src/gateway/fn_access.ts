/**
 * What the gateway does for a function with `auth` or `static` before any instance is involved:
 * the per-function auth check (a refused call answers 401/403 without a cold start, and is
 * recorded like any refused call), then the static site. Functions with neither never call in
 * here: the function route tests two manifest fields and goes on.
 */
import { AuthMisconfigured, type FunctionAuth, type InvokeGuard, KEY_HEADER } from "../auth/mod.ts";
import { DenofnError } from "../errors/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { InvocationObserver } from "../observe/types.ts";
import { hasCode, StaticNotFound, staticResponse } from "../static/mod.ts";

/** What the access step needs. */
export interface FnAccessDeps {
  /** Checks calls of functions with `auth`; without it such calls are refused (fail closed). */
  guard?: InvokeGuard;
  observer?: InvocationObserver;
}

/** One call, as the function route knows it. */
export interface FnCall {
  record: FunctionRecord;
  req: Request;
  /** Function-relative path with query. */
  rest: string;
  requestId: string;
  startedAt: number;
}

/**
 * Runs auth and the static site for one call.
 * @returns the static response, or undefined when the handler answers the call.
 * @throws the refusal (401, 403, 400, 404, 503), already recorded.
 */
export async function beforeInvoke(
  deps: FnAccessDeps,
  call: FnCall,
): Promise<Response | undefined> {
  const { record, req } = call;
  const manifest = record.manifest!;
  const fn = record.name;
  const observe = (status: number, error?: string) =>
    deps.observer?.onInvocation({
      requestId: call.requestId,
      fn,
      method: req.method,
      path: call.rest,
      status,
      startedAt: call.startedAt,
      durationMs: Date.now() - call.startedAt,
      cold: false,
      error,
    });
  try {
    if (manifest.auth !== "none") {
      if (!deps.guard) throw new AuthMisconfigured(fn, "Per-function auth is not available here");
      await deps.guard(fn, manifest.auth, req.headers);
    }
    if (manifest.static === undefined) return undefined;
    const q = call.rest.indexOf("?");
    const path = q < 0 ? call.rest : call.rest.slice(0, q);
    const res = await staticResponse(record, req, path);
    if (res) {
      res.headers.set("x-request-id", call.requestId);
      observe(res.status);
      return res;
    }
    if (!hasCode(record)) throw new StaticNotFound(fn, path);
    return undefined;
  } catch (error) {
    if (error instanceof DenofnError) observe(error.status, error.message);
    throw error;
  }
}

/** Request headers a function with `auth` does not get: the credential it was checked with. */
export function credentialHeaders(auth: FunctionAuth): string[] {
  if (auth === "none") return [];
  return auth.type === "jwt" ? [KEY_HEADER] : [KEY_HEADER, "authorization"];
}
