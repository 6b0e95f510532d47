/**
 * The contract between the supervisor and whatever runs a function: a Deno subprocess or a
 * Docker container, both reached through the one streaming transport of `transport/`. The
 * supervisor owns lifecycle policy (readiness deadline, idle kill, health, timeouts,
 * concurrency); an {@link InstanceStarter} only knows how to start one instance.
 */
import type { FunctionRecord } from "../manifest/record.ts";
import type { FunctionLogSink } from "../observe/types.ts";
import type { RawAnswer, RawCall, UpstreamCall } from "./transport/mod.ts";

/** How an instance ended. */
export interface InstanceExit {
  /** Exit code, or null when killed by a signal or still unknown. */
  code: number | null;
  signal?: string;
  /** Why the platform stopped it (`idle`, `timeout`, `health`, `drain`, `shutdown`, ...). */
  reason?: string;
}

/** One running copy of a function. */
export interface Instance {
  /** Unique id, e.g. `hello-3`. */
  readonly id: string;
  readonly kind: "process" | "container";
  readonly pid?: number;
  readonly containerId?: string;
  /** Epoch ms when it became ready. */
  readonly readyAt: number;
  /**
   * Forwards one request. The URL's path is already the function-relative path (`/` when none);
   * headers carry `x-request-id`, `x-forwarded-prefix` and `x-forwarded-for`. Bodies stream
   * both ways.
   */
  fetch(req: Request): Promise<Response>;
  /**
   * Forwards one call given as its parts, skipping the Request the gateway would otherwise
   * build: the hot path of every call, whatever the kind of instance.
   */
  send(call: UpstreamCall): Promise<Response>;
  /**
   * Forwards a call the edge serialized itself (see `gateway/lane/`); instances without it are
   * called through {@link send} only.
   */
  sendRaw?(call: RawCall): Promise<RawAnswer>;
  /** Whether the instance answers its health probe within `timeoutMs`. */
  probe(timeoutMs: number): Promise<boolean>;
  /** Stops the instance; resolves once it is gone. Safe to call more than once. */
  stop(reason: string): Promise<void>;
  /** Settles when the instance has exited, whatever the cause. */
  readonly exited: Promise<InstanceExit>;
  /**
   * Present on instances that can be paused when idle rather than stopped (container functions
   * with `"container": {"keep": "hot"}`); call it only when no call is in flight. Returns whether
   * the instance pauses; false when it declines (its function already has a paused instance),
   * and the caller stops it as usual. A paused instance takes no CPU and keeps its memory; its
   * next `send` or `fetch` resumes it first; `probe` answers true without waking it; `stop`
   * removes it, paused or not.
   */
  pause?(): boolean;
  /** Whether it is paused (or being paused) now; absent on instances that cannot pause. */
  readonly paused?: boolean;
}

/** What a starter needs to start an instance. */
export interface StartOptions {
  /** Aborts a start in progress (the starter must clean up and reject). */
  signal: AbortSignal;
  /** The starter rejects with {@link StartError} if not ready within this many ms. */
  readyTimeoutMs: number;
  logs: FunctionLogSink;
  /** Tells which request id a log line belongs to (the single in-flight call, if any). */
  currentRequestId?: () => string | undefined;
  /**
   * Set when the instance is started ahead of need (a spare): it may spend more on its start so
   * that its first call is faster (a Deno process compiles its code eagerly).
   */
  ahead?: boolean;
}

/** Starts instances of one kind of runtime. */
export interface InstanceStarter {
  start(record: FunctionRecord, id: string, options: StartOptions): Promise<Instance>;
}

/** An instance could not be started; the message says why (shown to the caller in a 502). */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartError";
  }
}
