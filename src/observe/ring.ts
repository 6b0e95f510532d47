/** A fixed-capacity buffer that keeps the newest items, oldest first when read. */
export class Ring<T> {
  #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create a ring: capacity must be a positive integer, got ${capacity}`,
      );
    }
    this.#items = new Array(capacity);
  }

  /** Number of items held. */
  get size(): number {
    return this.#size;
  }

  /** Adds an item, dropping the oldest when full. Returns the dropped item, if any. */
  push(item: T): T | undefined {
    const end = (this.#start + this.#size) % this.capacity;
    if (this.#size < this.capacity) {
      this.#items[end] = item;
      this.#size++;
      return undefined;
    }
    const dropped = this.#items[this.#start];
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
    return dropped;
  }

  /** Items oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#start + i) % this.capacity]!);
    return out;
  }

  /** Items newest first, stopping after `limit` items that pass `keep`. */
  newest(limit: number, keep: (item: T) => boolean = () => true): T[] {
    const out: T[] = [];
    for (let i = this.#size - 1; i >= 0 && out.length < limit; i--) {
      const item = this.#items[(this.#start + i) % this.capacity]!;
      if (keep(item)) out.push(item);
    }
    return out;
  }

  /** Removes every item. */
  clear(): void {
    this.#items = new Array(this.capacity);
    this.#start = 0;
    this.#size = 0;
  }
}
