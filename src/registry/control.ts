/**
 * What the rest of the platform (admin API, gateway readiness, metrics) asks of a registry,
 * wherever the registry runs: in this process ({@link Registry}) or as the compose `registry`
 * service reached over HTTP ({@link connectRegistry}).
 */
import type { FunctionRecord } from "../manifest/record.ts";

/** A registry, local or remote. */
export interface RegistryControl {
  /** Settles when the first scan and its builds are done (remote: when the service says so). */
  readonly ready: Promise<void>;
  /** The record of every function this process routes, sorted by name. */
  list(): FunctionRecord[];
  /**
   * Builds `name` now and resolves with its new record once this process routes it.
   * @throws {FunctionNotFound} when its folder is gone (the function is then unregistered).
   */
  rebuild(name: string): Promise<FunctionRecord>;
  /** Stops watching and waits for work in progress. */
  close(): Promise<void>;
}
