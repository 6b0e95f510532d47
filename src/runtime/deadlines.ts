/**
 * Per-call timeouts without a timer per call (a timer costs more than the rest of a warm call's
 * bookkeeping in Deno): one sweep every {@link SWEEP_MS} fires the calls whose deadline passed.
 * A timeout fires up to SWEEP_MS late.
 */
import { type Clock, systemClock, type TimerId } from "./clock.ts";

/** How often deadlines are checked, in ms. */
export const SWEEP_MS = 20;

interface Entry {
  at: number;
  fire: () => void;
}

/** Tracks the deadlines of calls in flight. */
export class Deadlines {
  readonly #entries = new Set<Entry>();
  #timer: TimerId | undefined;

  constructor(private readonly clock: Clock = systemClock) {}

  /** Calls `fire` once `ms` have passed, unless the returned cancel function is called first. */
  add(ms: number, fire: () => void): () => void {
    const entry = { at: this.clock.now() + ms, fire };
    this.#entries.add(entry);
    if (this.#timer === undefined) this.#schedule();
    return () => this.#entries.delete(entry);
  }

  #schedule(): void {
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      const now = this.clock.now();
      for (const e of this.#entries) {
        if (e.at > now) continue;
        this.#entries.delete(e);
        e.fire();
      }
      if (this.#entries.size) this.#schedule();
    }, SWEEP_MS);
  }
}

/** The deadlines of the gateway's calls. */
export const callDeadlines: Deadlines = new Deadlines();
