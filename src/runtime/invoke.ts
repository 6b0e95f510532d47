/**
 * One call to a function instance: take a slot, forward with the function's timeout, map
 * failures to the gateway's typed errors, and give the slot back when the response body ends.
 */
import { FunctionCrashed, FunctionTimedOut } from "../errors/mod.ts";
import type { Lease } from "./pool.ts";
import type { FunctionPool } from "./pool.ts";

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
}

const TIMEOUT = Symbol("timeout");

/**
 * Forwards `req` (already rewritten for the function) to an instance of `pool`.
 * @throws {FunctionTimedOut} no response headers within `timeoutMs`; the instance is killed.
 * @throws {FunctionCrashed} the instance died or reset the connection.
 * @param callerFault tells, after a failure, whether the caller caused it (e.g. body too large).
 */
export async function invoke(
  pool: FunctionPool,
  requestId: string,
  build: (signal: AbortSignal) => Request,
  clientSignal?: AbortSignal,
  callerFault?: () => Error | undefined,
): Promise<InvokeResult> {
  const acquired = pool.acquire(requestId);
  const lease = acquired instanceof Promise ? await acquired : acquired;
  const timeoutMs = pool.record.manifest!.timeoutMs;
  const abort = new AbortController();
  const onClientAbort = () => abort.abort(clientSignal?.reason);
  clientSignal?.addEventListener("abort", onClientAbort, { once: true });
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), timeoutMs);
  });
  const instance = lease.slot.instance;
  try {
    const answer = await Promise.race([instance.fetch(build(abort.signal)), timeout]);
    if (answer === TIMEOUT) {
      abort.abort();
      lease.release();
      pool.kill(lease.slot, "timeout");
      throw new FunctionTimedOut(pool.name, timeoutMs);
    }
    return {
      response: releaseWhenDone(answer, lease, () => {
        clientSignal?.removeEventListener("abort", onClientAbort);
      }),
      timing: {
        cold: lease.cold,
        waitMs: lease.waitMs,
        upstreamMs: performance.now() - started,
        instance: instance.id,
      },
    };
  } catch (error) {
    if (error instanceof FunctionTimedOut) throw error;
    clientSignal?.removeEventListener("abort", onClientAbort);
    lease.release();
    // A caller that went away or sent too much is not the function's fault.
    const fault = callerFault?.() ?? (clientSignal?.aborted ? clientSignal.reason : undefined);
    if (fault) throw fault;
    throw await crashed(pool, lease, error);
  } finally {
    clearTimeout(timer);
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

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function releaseWhenDone(res: Response, lease: Lease, done: () => void): Response {
  const init = { status: res.status, statusText: res.statusText, headers: res.headers };
  if (!res.body || NULL_BODY_STATUS.has(res.status)) {
    lease.release();
    done();
    res.body?.cancel().catch(() => {});
    return new Response(null, init);
  }
  const reader = res.body.getReader();
  const finish = () => {
    lease.release();
    done();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          finish();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  return new Response(body, init);
}
