/**
 * One call to a function instance: take a slot, forward with the function's timeout, map
 * failures to the gateway's typed errors, and give the slot back when the response body ends.
 */
import { ClientClosedRequest, FunctionCrashed, FunctionTimedOut } from "../errors/mod.ts";
import { bodySettled, type UpstreamCall } from "./transport/mod.ts";
import type { FunctionPool, Lease } from "./pool.ts";
import type { Instance } from "./types.ts";
import { callDeadlines } from "./deadlines.ts";
import { tapStream } from "../util/tap_stream.ts";

/** Timing of one call, for Server-Timing, history and metrics. */
export interface InvokeTiming {
  cold: boolean;
  /** Wait for a slot (queue and cold start), ms. */
  waitMs: number;
  /** Until the instance's response headers, ms. */
  upstreamMs: number;
  instance: string;
}

/** The instance's response (body streaming through) and the call's timing. */
export interface InvokeResult {
  response: Response;
  timing: InvokeTiming;
  /** Settles when the response body has been sent, cancelled or failed. */
  done: Promise<void>;
}

/** An answer of type `T`, the call's timing, and when its body is over. */
export interface Invoked<T> {
  answer: T;
  timing: InvokeTiming;
  /** Settles when the answer's body has been sent, cancelled or failed. */
  done: Promise<void>;
}

/** How a call reaches an instance, and how its answer of type `T` ends. */
export interface Forwarder<T> {
  /** Sends the call to `instance`; aborting `signal` breaks it off. */
  send(instance: Instance, signal: AbortSignal): Promise<T>;
  /** Drops an answer that came after the deadline. */
  discard(answer: T): void;
  /** Calls `finish` once the answer's body is over; returns the answer to hand on. */
  settle(answer: T, finish: () => void): { answer: T; done: Promise<void> };
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * Forwards `call` (path already function-relative) to an instance of `pool`.
 * @param callerFault tells, after a failure, whether the caller caused it (e.g. body too large).
 * @throws {FunctionTimedOut} no response headers within `timeoutMs`; the instance is killed.
 * @throws {FunctionCrashed} the instance died or reset the connection.
 */
export async function invoke(
  pool: FunctionPool,
  requestId: string,
  call: Omit<UpstreamCall, "signal">,
  clientSignal?: AbortSignal,
  callerFault?: () => Error | undefined,
): Promise<InvokeResult> {
  const { answer, timing, done } = await invokeWith(
    pool,
    requestId,
    {
      send: (instance, signal) => instance.send({ ...call, signal }),
      discard: (res) => void res.body?.cancel().catch(() => {}),
      settle: releaseWhenDone,
    },
    clientSignal,
    callerFault,
  );
  return { response: answer, timing, done };
}

/**
 * Takes a slot of `pool` for call `requestId`, sends the call through `forwarder` within the
 * function's timeout, maps failures to the gateway's typed errors, and gives the slot back when
 * the answer's body is over.
 * @throws {FunctionTimedOut} no response headers within `timeoutMs`; the instance is killed.
 * @throws {FunctionCrashed} the instance died or reset the connection.
 */
export async function invokeWith<T>(
  pool: FunctionPool,
  requestId: string,
  forwarder: Forwarder<T>,
  clientSignal?: AbortSignal,
  callerFault?: () => Error | undefined,
): Promise<Invoked<T>> {
  const acquired = pool.acquire(requestId);
  const lease = acquired instanceof Promise ? await acquired : acquired;
  const timeoutMs = pool.record.manifest!.timeoutMs;
  const abort = new AbortController();
  const onClientAbort = () => abort.abort(clientSignal?.reason);
  clientSignal?.addEventListener("abort", onClientAbort, { once: true });
  const finish = () => {
    lease.release();
    clientSignal?.removeEventListener("abort", onClientAbort);
  };
  const started = performance.now();
  // The deadline aborts the signal the transport already holds: no race, no extra promise.
  let timedOut = false;
  const cancelTimeout = callDeadlines.add(timeoutMs, () => {
    timedOut = true;
    abort.abort(new FunctionTimedOut(pool.name, timeoutMs));
  });
  const instance = lease.slot.instance;
  try {
    const sent = await forwarder.send(instance, abort.signal);
    if (timedOut) {
      forwarder.discard(sent);
      throw abort.signal.reason;
    }
    const { answer, done } = forwarder.settle(sent, finish);
    const timing = {
      cold: lease.cold,
      waitMs: lease.waitMs,
      upstreamMs: performance.now() - started,
      instance: instance.id,
    };
    return { answer, timing, done };
  } catch (error) {
    finish();
    if (timedOut) {
      pool.kill(lease.slot, "timeout");
      throw new FunctionTimedOut(pool.name, timeoutMs);
    }
    // A caller that went away or sent too much is not the function's fault.
    const fault = callerFault?.() ??
      (clientSignal?.aborted ? new ClientClosedRequest(pool.name) : undefined);
    if (fault) throw fault;
    throw await crashed(pool, lease, error);
  } finally {
    cancelTimeout();
  }
}

async function crashed(pool: FunctionPool, lease: Lease, error: unknown) {
  const instance = lease.slot.instance;
  const exit = await Promise.race([
    instance.exited,
    new Promise<undefined>((r) => setTimeout(() => r(undefined), 200)),
  ]);
  if (!exit) pool.kill(lease.slot, "connection failed");
  const how = exit ? `exited (${exit.signal ?? `code ${exit.code}`})` : "reset the connection";
  return new FunctionCrashed(
    pool.name,
    `"${pool.name}" ${how} while answering (instance ${instance.id}): ${(error as Error).message}`,
  );
}

/**
 * Calls `finish` once the response body is over. Responses of the shared upstream transport say
 * so themselves (no extra stream); others (an instance of another making, as tests build) are
 * wrapped in a pass-through stream.
 */
function releaseWhenDone(
  res: Response,
  finish: () => void,
): { answer: Response; done: Promise<void> } {
  const settled = bodySettled(res);
  if (settled) {
    const done = settled.then(finish, finish);
    return { answer: res, done };
  }
  const init = { status: res.status, statusText: res.statusText, headers: res.headers };
  if (!res.body || NULL_BODY_STATUS.has(res.status)) {
    finish();
    res.body?.cancel().catch(() => {});
    return { answer: new Response(null, init), done: Promise.resolve() };
  }
  let end!: () => void;
  const done = new Promise<void>((r) => (end = r));
  const body = tapStream(res.body, {
    onEnd() {
      finish();
      end();
    },
  });
  return { answer: new Response(body, init), done };
}
