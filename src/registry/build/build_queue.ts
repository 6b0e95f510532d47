/**
 * Per-function build scheduling: changes are debounced per function, and a change during a
 * build leads to exactly one more build after it (however many changes came in).
 */

interface Slot<R> {
  timer?: ReturnType<typeof setTimeout>;
  running?: Promise<R>;
  next?: { force: boolean; promise: Promise<R>; resolve: (r: R) => void };
}

/** Runs `run(name, force)` at most once at a time per name. `run` must not reject. */
export class BuildQueue<R> {
  readonly #slots = new Map<string, Slot<R>>();
  readonly #run: (name: string, force: boolean) => Promise<R>;
  readonly #debounceMs: number;
  #closed = false;

  constructor(run: (name: string, force: boolean) => Promise<R>, debounceMs: number) {
    this.#run = run;
    this.#debounceMs = debounceMs;
  }

  #slot(name: string): Slot<R> {
    let slot = this.#slots.get(name);
    if (!slot) this.#slots.set(name, slot = {});
    return slot;
  }

  /** Notes a change to `name`: it is built `debounceMs` after the last change. */
  touch(name: string): void {
    if (this.#closed) return;
    const slot = this.#slot(name);
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      this.request(name, false);
    }, this.#debounceMs);
  }

  /** Builds `name` now, or right after the build in progress; resolves with that build's result. */
  request(name: string, force: boolean): Promise<R> {
    const slot = this.#slot(name);
    if (!slot.running) return this.#start(name, slot, force);
    if (slot.next) {
      slot.next.force ||= force;
      return slot.next.promise;
    }
    const { promise, resolve } = Promise.withResolvers<R>();
    slot.next = { force, promise, resolve };
    return promise;
  }

  #start(name: string, slot: Slot<R>, force: boolean): Promise<R> {
    const running = this.#run(name, force);
    slot.running = running;
    running.finally(() => {
      slot.running = undefined;
      const next = slot.next;
      slot.next = undefined;
      if (next) this.#start(name, slot, next.force).then(next.resolve);
      else if (!slot.timer) this.#slots.delete(name);
    });
    return running;
  }

  /** Resolves once no build is running or due (pending debounce timers are not waited for). */
  async idle(): Promise<void> {
    while (true) {
      const busy = [...this.#slots.values()].flatMap((s) => [s.running, s.next?.promise]);
      const pending = busy.filter((p): p is Promise<R> => p !== undefined);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /** Drops pending debounced changes, takes no more, and waits for builds in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const slot of this.#slots.values()) clearTimeout(slot.timer);
    await this.idle();
  }
}
