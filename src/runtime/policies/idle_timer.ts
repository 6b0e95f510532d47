import type { Clock } from "../clock.ts";

/**
 * Idle-kill policy for one instance: armed when its last call finishes, disarmed when a call
 * starts, fires `onIdle` after `idleMs` of no calls. `idleMs` 0 keeps the instance warm.
 */
export class IdleTimer {
  #timer: number | undefined;
  constructor(
    private readonly clock: Clock,
    private readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {}

  /** Starts the countdown (restarting it if already running). */
  arm(): void {
    this.disarm();
    if (this.idleMs <= 0) return;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.onIdle();
    }, this.idleMs);
  }

  /** Stops the countdown. */
  disarm(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Whether the countdown is running. */
  get armed(): boolean {
    return this.#timer !== undefined;
  }
}
