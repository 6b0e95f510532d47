import type { Clock } from "../clock.ts";

/** What the health checker needs from the instances it watches. */
export interface Probed {
  probe(timeoutMs: number): Promise<boolean>;
}

/**
 * Health-check policy: every `intervalMs`, probes each instance `targets()` returns, with a
 * `timeoutMs` deadline; an instance that fails is handed to `onUnhealthy`. An event loop that is
 * stuck cannot answer the probe, so it is found and killed. `intervalMs` 0 disables checks.
 */
export class HealthChecker<T extends Probed> {
  #timer: number | undefined;
  #stopped = false;
  constructor(
    private readonly clock: Clock,
    private readonly options: { intervalMs: number; timeoutMs: number },
    private readonly targets: () => T[],
    private readonly onUnhealthy: (target: T) => void,
  ) {}

  /** Starts periodic checks. */
  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /** Stops periodic checks. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Probes every target once; resolves when all probes are settled. */
  async checkNow(): Promise<void> {
    await Promise.all(
      this.targets().map(async (t) => {
        if (!(await t.probe(this.options.timeoutMs)) && !this.#stopped) this.onUnhealthy(t);
      }),
    );
  }

  #schedule(): void {
    if (this.#stopped || this.options.intervalMs <= 0) return;
    this.#timer = this.clock.setTimeout(async () => {
      await this.checkNow();
      this.#schedule();
    }, this.options.intervalMs);
  }
}
