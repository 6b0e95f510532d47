/**
 * The memory budget of spare instances (`DENOFN_SPARES_MB`): one spare per function at most,
 * each charged its manifest's `memoryMb`; when a new spare does not fit, the spares of the
 * functions called least recently are stopped to make room (LRU). A spare not used within
 * `ttlMs` (`DENOFN_SPARE_TTL_SEC`) is stopped by its pool without replacement.
 */

interface Held {
  mb: number;
  /** Stops the function's spare (the budget has already forgotten it). */
  evict: () => void;
}

/** Spares of unused functions stop after this long by default (`DENOFN_SPARE_TTL_SEC`). */
export const DEFAULT_SPARE_TTL_MS = 600_000;

/** Who may keep a spare instance, within a memory budget. */
export class SpareBudget {
  /** Functions holding a spare, least recently called first (a Map keeps insertion order). */
  readonly #held = new Map<string, Held>();
  #usedMb = 0;

  constructor(readonly budgetMb: number, readonly ttlMs: number = DEFAULT_SPARE_TTL_MS) {
    if (!(budgetMb >= 0)) throw new RangeError(`Cannot budget spares: ${budgetMb} MB`);
    if (!(ttlMs > 0)) throw new RangeError(`Cannot budget spares: a time to live of ${ttlMs} ms`);
  }

  /** MB held by spares now. */
  get usedMb(): number {
    return this.#usedMb;
  }

  /** Functions holding a spare, least recently called first. */
  holders(): string[] {
    return [...this.#held.keys()];
  }

  /**
   * Takes room for `name`'s spare (replacing a claim it still holds), stopping the spares of the
   * functions called least recently if needed.
   * @returns the claim's release (a no-op once evicted or replaced), or undefined when `mb`
   * cannot fit even with every other spare stopped.
   */
  claim(name: string, mb: number, evict: () => void): (() => void) | undefined {
    this.#forget(name);
    if (mb > this.budgetMb) return undefined;
    for (const [other, held] of this.#held) {
      if (this.#usedMb + mb <= this.budgetMb) break;
      this.#forget(other);
      held.evict();
    }
    const held: Held = { mb, evict };
    this.#held.set(name, held);
    this.#usedMb += mb;
    return () => {
      if (this.#held.get(name) === held) this.#forget(name);
    };
  }

  /** Marks `name` as called now: its spare is the last to be evicted. */
  touch(name: string): void {
    const held = this.#held.get(name);
    if (!held) return;
    this.#held.delete(name);
    this.#held.set(name, held);
  }

  #forget(name: string): void {
    const held = this.#held.get(name);
    if (!held) return;
    this.#held.delete(name);
    this.#usedMb -= held.mb;
  }
}
