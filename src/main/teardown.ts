/** Stops what was started, in reverse order, once; a failing step does not skip the others. */
export class Teardown {
  readonly #steps: (() => Promise<unknown> | unknown)[] = [];
  #running: Promise<void> | undefined;

  /** Registers a step; steps run last-added first. */
  add(step: () => Promise<unknown> | unknown): void {
    this.#steps.push(step);
  }

  /** Runs every step once (later calls return the same promise). */
  run(): Promise<void> {
    this.#running ??= (async () => {
      for (const step of this.#steps.reverse()) {
        try {
          await step();
        } catch (error) {
          console.error(`[platform] while stopping: ${(error as Error).message}`);
        }
      }
    })();
    return this.#running;
  }
}
