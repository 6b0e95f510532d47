/**
 * Runs every function's `schedule` with croner: each tick becomes an async job
 * (`X-Denofn-Trigger: cron`) under an id derived from the function and the tick's time, so a
 * tick is queued once even if two schedulers share the queue. Schedules follow deploys (a new
 * expression replaces the old) and deletes (the schedule stops). Ticks missed while the platform
 * was down are not made up.
 */
import { Cron } from "croner";
import type { AsyncService } from "../async/mod.ts";
import { derivedJobId } from "../async/mod.ts";
import type { ScheduleSpec } from "./spec.ts";

/** What the scheduler needs. */
export interface SchedulerDeps {
  service: AsyncService;
  onFired?(fn: string): void;
  onError?(fn: string, error: Error): void;
}

/** The schedules of every function. */
export class Scheduler {
  readonly #jobs = new Map<string, { key: string; cron: Cron }>();

  constructor(private readonly deps: SchedulerDeps) {}

  /** Sets (or with `undefined`, stops) the schedule of `fn`. */
  apply(fn: string, spec: ScheduleSpec | undefined): void {
    const key = spec ? JSON.stringify(spec) : "";
    const current = this.#jobs.get(fn);
    if (current?.key === key) return;
    current?.cron.stop();
    this.#jobs.delete(fn);
    if (!spec) return;
    const cron = new Cron(spec.cron, { timezone: "UTC", protect: true }, (self: Cron) => {
      const at = self.currentRun() ?? new Date();
      return this.#fire(fn, spec, at);
    });
    this.#jobs.set(fn, { key, cron });
  }

  /** Functions with a schedule, and when each fires next. */
  list(): { fn: string; next: string | undefined }[] {
    return [...this.#jobs].map(([fn, { cron }]) => ({
      fn,
      next: cron.nextRun()?.toISOString(),
    }));
  }

  /** Stops every schedule. */
  close(): void {
    for (const { cron } of this.#jobs.values()) cron.stop();
    this.#jobs.clear();
  }

  async #fire(fn: string, spec: ScheduleSpec, at: Date): Promise<void> {
    const tick = new Date(Math.round(at.getTime() / 1000) * 1000).toISOString();
    try {
      const body = new TextEncoder().encode(spec.body ?? "");
      const { created } = await this.deps.service.enqueue({
        id: await derivedJobId("c", `${fn}/${tick}`),
        fn,
        trigger: "cron",
        method: spec.method,
        path: spec.path,
        host: "localhost",
        headers: [["x-denofn-scheduled-at", tick]],
        body,
      });
      if (created) this.deps.onFired?.(fn);
    } catch (error) {
      this.deps.onError?.(fn, error as Error);
    }
  }
}
