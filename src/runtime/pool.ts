/**
 * The instances of one function and the calls waiting for them. It enforces the lifecycle:
 * one start per cold burst, concurrency per instance with a bounded wait queue, idle kill,
 * health checks, draining of old code after a rebuild, and recovery:
 * - a crash of a ready instance fails only the calls it was answering; calls that arrive
 *   meanwhile wait for a fresh instance (a crash loop right after start spaces those starts out,
 *   but calls still wait within their own timeout);
 * - an instance that fails to become ready answers its waiting calls 503 with the error, and
 *   further starts back off (503 with `Retry-After` meanwhile).
 * With a spare budget, it also keeps one spare (a started, probe-warmed instance no call has
 * used yet) after an idle stop, a cold start, a spare's use and a deploy; see `#startSpare`.
 */
import { FunctionBusy, FunctionNotReady } from "../errors/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { FunctionLogSink } from "../observe/types.ts";
import type { Clock, TimerId } from "./clock.ts";
import { CrashBackoff } from "./policies/backoff.ts";
import { HealthChecker } from "./policies/health_checker.ts";
import { IdleTimer } from "./policies/idle_timer.ts";
import type { SpareBudget } from "./policies/spare_budget.ts";
import { type Slot, soleRequestId } from "./slot.ts";
import type { InstanceStarter } from "./types.ts";

/** What a pool needs from the platform. */
export interface PoolDeps {
  starter: (record: FunctionRecord) => InstanceStarter;
  clock: Clock;
  logs: FunctionLogSink;
  /** Deadline for an instance to become ready. */
  readyTimeoutMs: number;
  /** When set, the pool keeps a fresh, probe-warmed spare instance within this budget. */
  spares?: SpareBudget;
}

/** A call's hold on an instance; `release()` exactly once when the response is done. */
export interface Lease {
  readonly slot: Slot;
  /** Whether this call waited for an instance to start. */
  readonly cold: boolean;
  /** Time spent waiting for an instance (queue and cold start), in ms. */
  readonly waitMs: number;
  release(): void;
}

interface Waiter {
  requestId: string;
  resolve(lease: Lease): void;
  reject(error: Error): void;
  cold: boolean;
  since: number;
}

/** The pool's one spare, from its budget claim until its first call, its stop or its drop. */
interface Spare {
  /** Gives its room back to the budget. */
  release: () => void;
  /** Its instance, once started. */
  slot?: Slot;
  /** Stops it unused after the budget's time to live. */
  ttl?: TimerId;
}

let nextInstance = 0;

/** A crash within this long after readiness counts toward the crash-loop delay. */
const EARLY_CRASH_MS = 1_000;
/** Early crashes in a row that cost no delay before the next start. */
const FREE_EARLY_CRASHES = 3;

/** The instances of one function. */
export class FunctionPool {
  readonly slots: Slot[] = [];
  #waiters: Waiter[] = [];
  /** Starts in progress of the current code (`#generation`). */
  #starting = 0;
  /** Counts new code: a start of an older generation is stopped once ready, never leased. */
  #generation = 0;
  #closed = false;
  #startAbort = new AbortController();
  /** Failed starts: further starts wait, calls meanwhile get 503. */
  readonly #backoff: CrashBackoff;
  /** Crashes soon after readiness: further starts wait, calls meanwhile wait too. */
  readonly #crashLoop: CrashBackoff;
  #delayedStart: number | undefined;
  #keepWarmTimer: number | undefined;
  #spare: Spare | undefined;
  #spareSoon: TimerId | undefined;
  /** Starts in progress: `close()` waits for them, so that none outlives the pool. */
  readonly #inFlightStarts = new Set<Promise<void>>();
  #earlyCrashes = 0;
  readonly #health: HealthChecker<{ slot: Slot; probe(t: number): Promise<boolean> }>;

  constructor(public record: FunctionRecord, private readonly deps: PoolDeps) {
    this.#backoff = new CrashBackoff(deps.clock);
    this.#crashLoop = new CrashBackoff(deps.clock, { initialMs: 100, maxMs: 2_000, factor: 2 });
    const h = record.manifest?.health ?? { intervalMs: 10_000, timeoutMs: 2_000 };
    this.#health = new HealthChecker(
      deps.clock,
      h,
      () =>
        this.slots.filter((s) => !s.gone).map((slot) => ({
          slot,
          probe: (t: number) => slot.instance.probe(t),
        })),
      ({ slot }) => this.kill(slot, "failed health check"),
    );
    this.#health.start();
    if (record.status === "ready" && record.manifest?.warmupOnStart) this.warm();
    this.#keepWarm();
  }

  get name(): string {
    return this.record.name;
  }

  /** Calls waiting for an instance. */
  get queued(): number {
    return this.#waiters.length;
  }

  /** Calls in flight over all instances. */
  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.inFlight, 0);
  }

  /** Takes a slot for call `requestId`, starting an instance if none can take it. */
  acquire(requestId: string): Promise<Lease> | Lease {
    const record = this.record;
    if (this.#closed) throw new FunctionNotReady(record.name, "The function is shutting down");
    if (record.status !== "ready" || !record.manifest) {
      throw new FunctionNotReady(record.name, record.error ?? "The function is not ready");
    }
    this.deps.spares?.touch(this.name);
    const slot = this.#pick();
    if (slot) return this.#lease(slot, requestId, false, 0);
    // Calls waiting for an instance that is starting are not queued behind busy ones.
    const starting = this.#starting + (this.#canStart() ? 1 : 0);
    if (this.#waiters.length >= record.manifest.maxQueue + starting * record.manifest.concurrency) {
      throw new FunctionBusy(
        record.name,
        `"${record.name}" is at its concurrency limit with ${this.#waiters.length} calls queued`,
      );
    }
    return new Promise<Lease>((resolve, reject) => {
      const since = this.deps.clock.now();
      const cold = this.#canStart() || this.#starting > 0;
      this.#waiters.push({ requestId, resolve, reject, cold, since });
      this.#maybeStart();
    });
  }

  /** Starts an instance ahead of traffic (warm-up). */
  warm(): void {
    if (this.slots.some((s) => !s.draining) || this.#starting) return;
    this.#start().catch(() => {});
  }

  /** Stops an instance now (timeout, failed health check, crash). */
  kill(slot: Slot, reason: string): void {
    if (slot.gone) return;
    slot.gone = true;
    if (slot.spare) this.#releaseSpare();
    slot.idle.disarm();
    this.#remove(slot);
    slot.instance.stop(reason).catch(() => {});
    this.#maybeStart();
  }

  /** Takes new code: old instances finish their calls and stop; new calls get new code. */
  update(record: FunctionRecord): void {
    const changed = record.hash !== this.record.hash || record.status !== this.record.status;
    this.record = record;
    if (!changed) return;
    this.#backoff.reset();
    this.#resetCrashLoop();
    // Was it in use? Then the first call of the new code should land on a ready process.
    const active = this.#live() > 0 || this.#starting > 0 || this.#spare !== undefined;
    // Starts in progress are of the old code now: stopped once ready, and no longer counted.
    this.#generation++;
    this.#starting = 0;
    if (this.#spare && !this.#spare.slot) this.#releaseSpare();
    this.drain("new version");
    if (record.status !== "ready") {
      this.#rejectWaiters(new FunctionNotReady(record.name, record.error ?? "Build failed"));
    } else if (record.manifest?.warmupOnStart) this.warm();
    else if (active) this.#startSpare();
    this.#maybeStart();
  }

  /** Drains every instance: no new calls, each stops once its calls finish. */
  drain(reason: string): void {
    for (const s of [...this.slots]) {
      s.draining = true;
      if (s.inFlight === 0) this.kill(s, reason);
    }
  }

  /** Stops everything: waiting calls fail, in-flight calls get up to `graceMs` to finish. */
  async close(graceMs: number): Promise<void> {
    this.#closed = true;
    this.#health.stop();
    this.#releaseSpare();
    for (const t of [this.#delayedStart, this.#keepWarmTimer, this.#spareSoon]) {
      if (t !== undefined) this.deps.clock.clearTimeout(t);
    }
    this.#startAbort.abort();
    this.#rejectWaiters(new FunctionNotReady(this.name, "The function is shutting down"));
    this.drain("shutdown");
    await Promise.allSettled([...this.#inFlightStarts]);
    const deadline = this.deps.clock.now() + graceMs;
    while (this.slots.some((s) => !s.gone) && this.deps.clock.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(this.slots.map((s) => {
      s.gone = true;
      return s.instance.stop("shutdown");
    }));
    this.slots.length = 0;
  }

  /** The least busy instance that can take a call; the spare only when no other can. */
  #pick(): Slot | undefined {
    const limit = this.record.manifest?.concurrency ?? 1;
    let best: Slot | undefined;
    for (const s of this.slots) {
      if (s.draining || s.gone || s.inFlight >= limit) continue;
      if (!best || (best.spare && !s.spare) || (!s.spare && s.inFlight < best.inFlight)) best = s;
    }
    return best;
  }

  #lease(slot: Slot, requestId: string, cold: boolean, waitMs: number): Lease {
    if (slot.spare) {
      this.#releaseSpare(); // an instance like any other from now on; another spare replaces it
      this.#startSpareSoon();
    }
    slot.inFlight++;
    slot.requests.add(requestId);
    slot.idle.disarm();
    let released = false;
    return {
      slot,
      cold,
      waitMs,
      release: () => {
        if (released) return;
        released = true;
        slot.inFlight--;
        slot.requests.delete(requestId);
        slot.lastUsed = this.deps.clock.now();
        if (slot.gone) return;
        // An instance that answered a call and lives on is no crash loop.
        if (this.#earlyCrashes) this.#resetCrashLoop();
        if (slot.draining && slot.inFlight === 0) return this.kill(slot, "drained");
        this.#dispatch();
        if (slot.inFlight === 0) slot.idle.arm();
      },
    };
  }

  #canStart(): boolean {
    const max = this.record.manifest?.maxInstances ?? 1;
    return this.slots.filter((s) => !s.draining && !s.gone).length + this.#starting < max;
  }

  #maybeStart(): void {
    if (this.#waiters.length === 0) return this.#keepWarm();
    if (this.#closed || this.#starting > 0) return;
    if (!this.#canStart() || this.record.status !== "ready") return;
    const wait = this.#backoff.remainingMs();
    if (wait > 0) {
      return this.#rejectWaiters(
        new FunctionNotReady(
          this.name,
          `"${this.name}" fails to start: ${this.#backoff.lastError} (failed ` +
            `${this.#backoff.failures} times in a row; next start allowed in ${wait} ms)`,
          Math.ceil(wait / 1000),
        ),
      );
    }
    const delay = this.#crashLoop.remainingMs();
    if (delay > 0) return this.#startLater(delay);
    this.#start().catch((e) => this.#rejectWaiters(e));
  }

  /**
   * Starts after a crash-loop delay; waiting calls keep waiting unless the delay outlasts their
   * own timeout, in which case they get 503 with `Retry-After` now.
   */
  #startLater(delay: number): void {
    const now = this.deps.clock.now();
    const budget = this.record.manifest!.timeoutMs;
    const late = this.#waiters.filter((w) => now + delay > w.since + budget);
    if (late.length) {
      this.#waiters = this.#waiters.filter((w) => !late.includes(w));
      const error = new FunctionNotReady(
        this.name,
        `"${this.name}" keeps crashing: ${this.#crashLoop.lastError}; next start in ${delay} ms`,
        Math.ceil(delay / 1000),
      );
      for (const w of late) w.reject(error);
    }
    if (this.#delayedStart !== undefined) return;
    this.#delayedStart = this.deps.clock.setTimeout(() => {
      this.#delayedStart = undefined;
      this.#maybeStart();
    }, delay);
  }

  #start(spare?: Spare): Promise<void> {
    const started = this.#startOnce(spare);
    this.#inFlightStarts.add(started);
    const forget = () => this.#inFlightStarts.delete(started);
    started.then(forget, forget);
    return started;
  }

  /** Starts an instance of the current code; `spare` when it is to stand by as the spare. */
  async #startOnce(spare?: Spare): Promise<void> {
    const record = this.record;
    const generation = this.#generation;
    const id = `${record.name}-${++nextInstance}`;
    this.#starting++;
    let slot: Slot | undefined;
    let cold = false;
    try {
      const instance = await this.deps.starter(record).start(record, id, {
        signal: this.#startAbort.signal,
        readyTimeoutMs: this.deps.readyTimeoutMs,
        logs: this.deps.logs,
        currentRequestId: () => soleRequestId(slot),
        ahead: spare !== undefined,
      });
      slot = {
        instance,
        hash: record.hash,
        inFlight: 0,
        requests: new Set(),
        draining: generation !== this.#generation || this.#closed,
        gone: false,
        lastUsed: this.deps.clock.now(),
        idle: new IdleTimer(
          this.deps.clock,
          (record.manifest?.idleTimeoutSec ?? 0) * 1000,
          () => slot && slot.inFlight === 0 && !this.#keptWarm(slot) && this.#idleStop(slot),
        ),
      };
      const s = slot;
      this.slots.push(s);
      instance.exited.then((exit) => this.#onExit(s, exit.code, exit.signal));
      if (s.draining) return this.kill(s, "new version");
      if (spare && this.#spare !== spare) return this.kill(s, "spare dropped");
      if (spare) this.#standBy(spare, s);
      this.#dispatch();
      if (s.spare) this.#probeWarm(s);
      else if (s.inFlight === 0) s.idle.arm();
      else cold = true; // calls waited for it
    } catch (error) {
      if (spare && this.#spare === spare) this.#releaseSpare();
      const message = (error as Error).message;
      const delay = this.#backoff.failure(message);
      throw new FunctionNotReady(record.name, message, Math.ceil(delay / 1000));
    } finally {
      if (generation === this.#generation) this.#starting--;
      this.#maybeStart();
      // After a cold start, a spare beside it: the next burst past this instance lands warm.
      if (cold) this.#startSpareSoon();
    }
  }

  #onExit(slot: Slot, code: number | null, signal?: string): void {
    if (slot.gone) return;
    slot.gone = true;
    if (slot.spare) this.#releaseSpare();
    slot.idle.disarm();
    this.#remove(slot);
    const uptime = this.deps.clock.now() - slot.instance.readyAt;
    const why = `instance ${slot.instance.id} exited unexpectedly (${signal ?? `code ${code}`})`;
    // A crash or two is not a loop: only repeated crashes right after start delay the next one.
    if (uptime >= EARLY_CRASH_MS) this.#resetCrashLoop();
    else if (++this.#earlyCrashes >= FREE_EARLY_CRASHES) this.#crashLoop.failure(why);
    this.deps.logs.write({
      ts: Date.now(),
      fn: this.name,
      instance: slot.instance.id,
      stream: "system",
      line: why,
    });
    this.#maybeStart();
  }

  /** Live instances (not draining, not gone). */
  #live(): number {
    let n = 0;
    for (const s of this.slots) if (!s.draining && !s.gone) n++;
    return n;
  }

  /** Whether `slot` is one of the `minInstances` the manifest keeps started. */
  #keptWarm(slot: Slot): boolean {
    const min = this.record.manifest?.minInstances ?? 0;
    return min > 0 && !slot.draining && slot.hash === this.record.hash && this.#live() <= min;
  }

  /** Starts instances, one at a time, until `minInstances` are live; retries after a backoff. */
  #keepWarm(): void {
    const manifest = this.record.manifest;
    const min = manifest?.minInstances ?? 0;
    if (min === 0 || this.#closed || this.#starting > 0 || this.record.status !== "ready") return;
    if (manifest?.mode === "stdin" && !this.record.image) return; // a process per call, no pool
    if (this.#live() >= min || this.#keepWarmTimer !== undefined) return;
    const wait = Math.max(this.#backoff.remainingMs(), this.#crashLoop.remainingMs());
    if (wait > 0) {
      this.#keepWarmTimer = this.deps.clock.setTimeout(() => {
        this.#keepWarmTimer = undefined;
        this.#keepWarm();
      }, wait);
      return;
    }
    this.#start().catch(() => {}); // its failure is in the backoff; the next try waits for it
  }

  /** Stops an idle instance; with spares on, a fresh one stands by, unless one already does. */
  #idleStop(slot: Slot): void {
    if (slot.instance.pause?.()) return; // hot: paused, not stopped; its next call resumes it
    this.kill(slot, "idle");
    this.#startSpare();
  }

  /**
   * Starts the function's spare, so that a call that finds no instance free lands on a ready
   * process: after an idle stop, a cold start, a spare's use and a deploy of a function in use.
   * One spare per function, within the budget and `maxInstances`; none for `minInstances` (kept
   * warm already) or stdin functions, none while calls wait (their start comes first, and leaves
   * a spare once done) or starts back off. It stops unused after the budget's time to live.
   */
  #startSpare(): void {
    const budget = this.deps.spares;
    const manifest = this.record.manifest;
    if (!budget || !manifest || this.#closed || this.record.status !== "ready") return;
    if (manifest.minInstances > 0 || (manifest.mode === "stdin" && !this.record.image)) return;
    if (this.#spare || this.#waiters.length > 0 || !this.#canStart()) return;
    if (this.#backoff.remainingMs() > 0 || this.#crashLoop.remainingMs() > 0) return;
    const release = budget.claim(
      this.name,
      manifest.memoryMb,
      () => this.#dropSpare("spare evicted"),
    );
    if (!release) return;
    const spare: Spare = { release };
    this.#spare = spare;
    this.#start(spare).catch(() => {}); // its failure is in the backoff, and its room given back
  }

  /** Starts the spare off the current call's path (a spawn costs the caller time). */
  #startSpareSoon(): void {
    if (!this.deps.spares || this.#spareSoon !== undefined) return;
    this.#spareSoon = this.deps.clock.setTimeout(() => {
      this.#spareSoon = undefined;
      this.#startSpare();
    }, 0);
  }

  /** `slot` is ready: it stands by as the spare, until a call, its time to live or eviction. */
  #standBy(spare: Spare, slot: Slot): void {
    slot.spare = true;
    spare.slot = slot;
    const ttlMs = this.deps.spares!.ttlMs;
    spare.ttl = this.deps.clock.setTimeout(() => this.#dropSpare("spare unused"), ttlMs);
  }

  /** Gives the spare up without replacement (evicted, unused): stopped, or once started. */
  #dropSpare(reason: string): void {
    const slot = this.#spare?.slot;
    this.#releaseSpare();
    if (slot) this.kill(slot, reason);
  }

  /** Forgets the spare (leased, stopped, dropped): its room goes back to the budget. */
  #releaseSpare(): void {
    const spare = this.#spare;
    if (!spare) return;
    this.#spare = undefined;
    spare.release();
    if (spare.ttl !== undefined) this.deps.clock.clearTimeout(spare.ttl);
    if (spare.slot) spare.slot.spare = false;
  }

  /** A few probes through the pooled connection, so that the spare's first call finds it warm. */
  async #probeWarm(slot: Slot): Promise<void> {
    for (let i = 0; i < 3 && slot.spare && !slot.gone; i++) {
      await slot.instance.probe(1_000).catch(() => false);
    }
  }

  #resetCrashLoop(): void {
    this.#earlyCrashes = 0;
    this.#crashLoop.reset();
  }

  #remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  #dispatch(): void {
    while (this.#waiters.length) {
      const slot = this.#pick();
      if (!slot) break;
      const w = this.#waiters.shift()!;
      w.resolve(this.#lease(slot, w.requestId, w.cold, this.deps.clock.now() - w.since));
    }
    this.#maybeStart();
  }

  #rejectWaiters(error: Error): void {
    for (const w of this.#waiters.splice(0)) w.reject(error);
  }
}
