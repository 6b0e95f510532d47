/**
 * Keeps one {@link FunctionPool} per registered function, in step with the registry's build
 * records, and picks the runtime that starts each function's instances.
 */
import { FunctionNotFound } from "../errors/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { FunctionLogSink } from "../observe/types.ts";
import { type Clock, systemClock } from "./clock.ts";
import { FunctionPool } from "./pool.ts";
import type { Runtimes } from "./runtimes.ts";
import type { SpareBudget } from "./policies/spare_budget.ts";

/** What the supervisor needs. */
export interface SupervisorOptions {
  /** Picks each function's starter and readiness deadline. */
  runtimes: Runtimes;
  logs: FunctionLogSink;
  clock?: Clock;
  /** Spare instances (one per function in use; see `FunctionPool`) within this budget, or none. */
  spares?: SpareBudget;
}

/** Supervises the instances of every function. */
export class Supervisor {
  readonly #pools = new Map<string, FunctionPool>();
  #closed = false;

  constructor(private readonly options: SupervisorOptions) {}

  /** Adds or replaces a function's build record (new code drains old instances). */
  upsert(record: FunctionRecord): void {
    if (this.#closed) return;
    const pool = this.#pools.get(record.name);
    if (pool) return pool.update(record);
    this.#pools.set(
      record.name,
      new FunctionPool(record, {
        starter: (r) => this.options.runtimes.starterFor(r),
        clock: this.options.clock ?? systemClock,
        logs: this.options.logs,
        readyTimeoutMs: this.options.runtimes.readyTimeoutMs(record),
        spares: this.options.spares,
      }),
    );
  }

  /** Removes a function; its instances finish their calls and stop. */
  async remove(name: string): Promise<void> {
    const pool = this.#pools.get(name);
    if (!pool) return;
    this.#pools.delete(name);
    await pool.close(5_000);
  }

  /** The pool of a function. @throws {FunctionNotFound} */
  pool(name: string): FunctionPool {
    const pool = this.#pools.get(name);
    if (!pool) throw new FunctionNotFound(name);
    return pool;
  }

  /** The pool of a function, if it is registered. */
  get(name: string): FunctionPool | undefined {
    return this.#pools.get(name);
  }

  /** Every pool, by function name. */
  pools(): FunctionPool[] {
    return [...this.#pools.values()];
  }

  /** Restarts a function: drains its instances; the next call starts a fresh one. */
  restart(name: string): void {
    const pool = this.pool(name);
    pool.drain("restart");
    if (pool.record.manifest?.warmupOnStart) pool.warm();
  }

  /** Stops everything; in-flight calls get `graceMs` to finish. */
  async close(graceMs: number): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#pools.values()].map((p) => p.close(graceMs)));
    this.#pools.clear();
  }
}
