/**
 * Which starter runs a function, and how long its instances may take to become ready: Deno
 * functions run as subprocesses, functions built from a template as containers. The supervisor
 * and the registry's manifest tests share it, so a test runs exactly as traffic will.
 */
import type { FunctionRecord } from "../manifest/record.ts";
import type { InstanceStarter } from "./types.ts";

/** The starters of one platform. */
export interface RuntimesOptions {
  /** Starter of Deno subprocess instances. */
  process: InstanceStarter;
  /** Starter of container instances (absent when Docker is off). */
  container?: InstanceStarter;
  /** Deadline for an instance to become ready (default 10 s for Deno, 30 s for containers). */
  readyTimeoutMs?: number;
}

/** Picks the starter and readiness deadline of each function. */
export class Runtimes {
  constructor(private readonly options: RuntimesOptions) {}

  /** The starter for a function's runtime. @throws when it needs Docker and Docker is off. */
  starterFor(record: FunctionRecord): InstanceStarter {
    if (record.runtime === "deno" && !record.image) return this.options.process;
    if (this.options.container) return this.options.container;
    throw new Error(`Runtime "${record.runtime}" needs Docker, which is not enabled`);
  }

  /** Deadline for an instance of `record` to become ready. */
  readyTimeoutMs(record: FunctionRecord): number {
    return this.options.readyTimeoutMs ?? (record.runtime === "deno" ? 10_000 : 30_000);
  }
}
