/**
 * The memory budget of spare instances (`DENOFN_SPARES_MB`): one spare per function at most,
 * each charged its manifest's `memoryMb`; when a new spare does not fit, the spares of the
 * functions called least recently are stopped to make room (LRU).
 */

interface Held {
  mb: number;
  /** Stops the function's spare (the budget has already forgotten it). */
  evict: () => void;
}

/** Who may keep a spare instance, within a memory budget. */
export class SpareBudget {
  /** Functions holding a spare, least recently called first (a Map keeps insertion order). */
  readonly #held = new Map<string, Held>();
  #usedMb = 0;

  constructor(readonly budgetMb: number) {
    if (!(budgetMb >= 0)) throw new RangeError(`Cannot budget spares: ${budgetMb} MB`);
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
   * Takes room for `name`'s spare, stopping older spares if needed.
   * @returns false when `mb` cannot fit even with every other spare stopped.
   */
  claim(name: string, mb: number, evict: () => void): boolean {
    this.release(name);
    if (mb > this.budgetMb) return false;
    for (const [other, held] of this.#held) {
      if (this.#usedMb + mb <= this.budgetMb) break;
      this.release(other);
      held.evict();
    }
    this.#held.set(name, { mb, evict });
    this.#usedMb += mb;
    return true;
  }

  /** Gives back `name`'s room (its spare took a call, stopped, or the function went away). */
  release(name: string): void {
    const held = this.#held.get(name);
    if (!held) return;
    this.#held.delete(name);
    this.#usedMb -= held.mb;
  }
}
