/**
 * The edge's direct lane: a `/fn/<name>` call that arrived whole (head and a small body) on a
 * connection that has sent nothing else to `Deno.serve` is forwarded by the edge itself, from
 * the client's bytes to the instance's socket and back, without the Request, Headers and
 * Response objects and the second loopback hop of the full route. That route costs about twice
 * the CPU per call (see test/bench/README.md).
 *
 * The lane declines (and the full route takes the call) whatever it would not handle exactly as
 * the full route does: functions with `auth`, static files, captured history bodies, stdin mode
 * without a container; tracing; unknown or unready functions; paths a URL parser would rewrite; heads
 * with `Expect`, `Upgrade`, a transfer coding or `Connection: close`; bodies over 64 KiB. A call
 * it takes has the full route's semantics from the same functions: headers set and dropped,
 * timeout, crash, busy and client-gone errors, history, metrics and Server-Timing.
 * @module
 */
import { DenofnError } from "../../errors/mod.ts";
import { isValidFunctionName } from "../../manifest/mod.ts";
import { callServerTiming, nextTraceparent } from "../../observe/mod.ts";
import {
  type BodyFraming,
  type Forwarder,
  type FunctionPool,
  headBytes,
  type Instance,
  invokeWith,
  type RawAnswer,
  requestHead,
} from "../../runtime/mod.ts";
import { ERROR_HEADER } from "../../../micro/mod.ts";
import type { EdgeLane, LaneConn } from "../edge/guard.ts";
import { errorAnswer } from "../app.ts";
import {
  droppedHeaders,
  FN_PREFIX,
  type FnRouteDeps,
  forwardedHeaders,
  functionErrorText,
  invokedFacts,
  seenPath,
  splitFnPath,
} from "../fn_route.ts";
import { plainOriginTarget } from "../fn_target.ts";
import { rawPathProblem } from "../raw_path.ts";
import { requestIdOf } from "../request_id.ts";
import { type LaneRequest, parseLaneRequest } from "./request.ts";
import { chunkBytes, dateLine, errorBytes, LAST_CHUNK, statusLine } from "./response.ts";

/** Largest request body the lane forwards; larger ones take the full route. */
export const LANE_MAX_BODY = 64 * 1024;

const BODYLESS = new Set(["GET", "HEAD", "DELETE", "OPTIONS"]);
const NO_BODY: BodyFraming = { kind: "none" };
const EMPTY_BODY: BodyFraming = { kind: "length", length: 0 };

/** The direct lane of one gateway. */
export interface DirectLane {
  /** Offers a request to the lane (pass it to the edge). */
  readonly offer: EdgeLane;
  /** Calls the lane has taken so far. */
  readonly taken: number;
}

/** Creates the direct lane of the gateway whose `/fn/` route is served with `deps`. */
export function createDirectLane(deps: FnRouteDeps): DirectLane {
  const lane = {
    taken: 0,
    offer: (head: Uint8Array, body: Uint8Array | null, conn: LaneConn) => {
      if (deps.tracer) return undefined;
      const req = parseLaneRequest(head);
      if (!req) return undefined;
      const target = plainOriginTarget(req.target);
      if (!target || !target.pathname.startsWith(FN_PREFIX)) return undefined;
      if (rawPathProblem(target.pathname)) return undefined;
      const { name, rest } = splitFnPath(target);
      if (!isValidFunctionName(name)) return undefined;
      const pool = deps.supervisor.get(name);
      const record = pool?.record;
      const m = record?.manifest;
      if (!pool || !m || record.status !== "ready" || (m.mode === "stdin" && !record.image)) {
        return undefined;
      }
      if (m.auth !== "none" || m.static !== undefined || m.history.bodies) return undefined;
      const length = req.contentLength;
      if (length > LANE_MAX_BODY || length > m.maxBodyBytes || (body?.length ?? 0) !== length) {
        return undefined;
      }
      lane.taken++;
      return call(deps, pool, req, name, rest, length ? body!.slice() : null, conn);
    },
  };
  return lane;
}

/** A `Host` as a URL parser gives it back (and the full route passes it on): lowercase, no `:80`. */
function publicHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith(":80") ? lower.slice(0, -3) : lower;
}

/** Sends a call serialized by the lane, and hands the slot back when its answer is over. */
class RawForwarder implements Forwarder<RawAnswer> {
  constructor(
    readonly method: string,
    readonly head: Uint8Array,
    readonly body: Uint8Array | null,
  ) {}

  send(instance: Instance, signal: AbortSignal): Promise<RawAnswer> {
    if (!instance.sendRaw) {
      return Promise.reject(new Error(`Instance ${instance.id} cannot take a call of the lane`));
    }
    return instance.sendRaw({ method: this.method, head: this.head, body: this.body, signal });
  }

  discard(answer: RawAnswer): void {
    if (answer.body instanceof ReadableStream) answer.body.cancel().catch(() => {});
  }

  settle(answer: RawAnswer, finish: () => void) {
    return { answer, done: answer.settled.then(finish, finish) };
  }
}

async function call(
  deps: FnRouteDeps,
  pool: FunctionPool,
  req: LaneRequest,
  name: string,
  rest: string,
  body: Uint8Array | null,
  conn: LaneConn,
): Promise<void> {
  const startedAt = Date.now();
  const requestId = requestIdOf(req);
  const method = req.method;
  const manifest = pool.record.manifest!;
  deps.observer?.onStart?.(name);
  const keepPath = manifest.path === "keep";
  const traceparent = nextTraceparent(req.get("traceparent"));
  const set = forwardedHeaders({
    requestId,
    prefix: keepPath ? FN_PREFIX.slice(0, -1) : `${FN_PREFIX}${name}`,
    host: publicHost(req.get("host")!),
    proto: "http",
    traceparent,
    clientIp: conn.remote.hostname,
    forwardedFor: req.get("x-forwarded-for"),
  });
  const framing = body
    ? { kind: "length", length: body.length } as const
    : BODYLESS.has(method)
    ? NO_BODY
    : EMPTY_BODY;
  const observe = (status: number, facts: { error?: string }) =>
    deps.observer?.onInvocation({
      requestId,
      fn: name,
      method,
      path: rest,
      status,
      startedAt,
      durationMs: Date.now() - startedAt,
      cold: false,
      ...facts,
    });
  let invoked;
  try {
    const head = requestHead({
      method,
      path: seenPath(name, rest, keepPath),
      headers: req,
      set,
      omit: droppedHeaders(req, manifest.auth),
    }, framing);
    invoked = await invokeWith(
      pool,
      requestId,
      new RawForwarder(method, head, body),
      conn.signal,
    );
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    if (error instanceof DenofnError) observe(error.status, { error: error.message });
    const answer = errorAnswer(error, requestId, method, req.target.split("?")[0]);
    await conn.write(errorBytes(answer)).catch(() => conn.close());
    return;
  }
  const { answer, timing } = invoked;
  const status = answer.status;
  let head = statusLine(status);
  let error: string | undefined;
  let dated = false;
  for (const [n, v] of answer.headers) {
    if (n === ERROR_HEADER && status >= 500) error = functionErrorText(v);
    else if (n !== "x-request-id" && n !== "server-timing") {
      head += `${n}: ${v}\r\n`;
      if (n === "date") dated = true;
    }
  }
  head += `x-request-id: ${requestId}\r\nserver-timing: ${
    callServerTiming(timing.cold, timing.waitMs, timing.upstreamMs)
  }\r\n`;
  if (!dated) head += dateLine();
  const facts = invokedFacts(timing, traceparent);
  if (error !== undefined) facts.error = error;
  observe(status, facts);
  const stream = answer.body instanceof ReadableStream ? answer.body : null;
  const chunked = stream !== null && answer.contentLength < 0;
  if (chunked) head += "transfer-encoding: chunked\r\n";
  try {
    if (!stream) {
      await conn.write(headBytes(`${head}\r\n`, answer.body as Uint8Array | null));
      return;
    }
    await conn.write(headBytes(`${head}\r\n`));
    for await (const part of stream) {
      if (part.length) await conn.write(chunked ? chunkBytes(part) : part);
    }
    if (chunked) await conn.write(LAST_CHUNK);
  } catch {
    // The client went away, or the instance broke off its answer: a truncated answer must not
    // look whole, so the connection ends (the loop above has cancelled the upstream body).
    conn.close();
  }
}
