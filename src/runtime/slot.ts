import type { Instance } from "./types.ts";
import type { IdleTimer } from "./policies/idle_timer.ts";

/** An instance as the pool tracks it: its load, its version and its idle timer. */
export interface Slot {
  readonly instance: Instance;
  /** Content hash of the code it runs. */
  readonly hash: string;
  inFlight: number;
  /** Request ids of the calls in flight (ties log lines to a call). */
  readonly requests: Set<string>;
  /** Set when it takes no new calls and stops once idle (new code, restart, shutdown). */
  draining: boolean;
  /** Set once it is being stopped or has exited. */
  gone: boolean;
  idle: IdleTimer;
  lastUsed: number;
  /** Set while it is the pool's spare: started ahead of need, no call yet, held in the budget. */
  spare?: boolean;
}

/** The single request id in flight on a slot, if exactly one. */
export function soleRequestId(slot: Slot | undefined): string | undefined {
  if (!slot || slot.requests.size !== 1) return undefined;
  return slot.requests.values().next().value;
}
