/**
 * An {@link AdminPlatform} over the registry and the supervisor, typed structurally so the admin
 * API does not reach into runtime internals.
 */
import type { FunctionRecord } from "../manifest/record.ts";
import { FunctionNotFound } from "../errors/mod.ts";
import type { AdminPlatform, InstanceStatus } from "./platform.ts";

/** What the adapter reads of the supervisor's pools. */
export interface PoolView {
  readonly name: string;
  readonly slots: readonly {
    readonly instance: {
      readonly id: string;
      readonly kind: "process" | "container";
      readonly pid?: number;
      readonly containerId?: string;
      readonly readyAt: number;
      readonly paused?: boolean;
    };
    readonly inFlight: number;
    readonly gone: boolean;
    readonly spare?: boolean;
  }[];
  /** Calls in flight over all instances. */
  readonly inFlight: number;
  /** Calls waiting for an instance. */
  readonly queued: number;
}

/** The parts of the platform the adapter drives. */
export interface PlatformParts {
  registryInDir: string;
  /** The registry, local or remote. */
  registry: { list(): FunctionRecord[]; rebuild(name: string): Promise<FunctionRecord> };
  supervisor: {
    pools(): readonly PoolView[];
    restart(name: string): void;
    remove(name: string): Promise<void>;
  };
}

/** Builds the admin platform from registry + supervisor. */
export function adminPlatformFrom(parts: PlatformParts): AdminPlatform {
  const { registry } = parts;
  const instances = (name: string): InstanceStatus[] => {
    const pool = parts.supervisor.pools().find((p) => p.name === name);
    return (pool?.slots ?? []).filter((s) => !s.gone).map((s) => ({
      id: s.instance.id,
      kind: s.instance.kind,
      pid: s.instance.pid,
      containerId: s.instance.containerId,
      since: s.instance.readyAt,
      inFlight: s.inFlight,
      ...(s.spare ? { spare: true } : {}),
      ...(s.instance.paused ? { paused: true } : {}),
    }));
  };
  return {
    registryInDir: parts.registryInDir,
    records: () => registry.list(),
    record: (name) => registry.list().find((r) => r.name === name),
    instances,
    rebuild: (name) => registry.rebuild(name),
    async remove(name) {
      await registry.rebuild(name).catch((e) => {
        if (!(e instanceof FunctionNotFound)) throw e;
      });
      await parts.supervisor.remove(name);
    },
    restart(name) {
      parts.supervisor.restart(name);
      return Promise.resolve();
    },
  };
}

/** Instances, calls in flight and queued calls of every function, for the metrics. */
export function functionLoads(
  supervisor: PlatformParts["supervisor"],
): Record<string, { instances: number; inFlight: number; queued: number }> {
  const out: Record<string, { instances: number; inFlight: number; queued: number }> = {};
  for (const p of supervisor.pools()) {
    out[p.name] = {
      instances: p.slots.filter((s) => !s.gone).length,
      inFlight: p.inFlight,
      queued: p.queued,
    };
  }
  return out;
}
