/**
 * Follows one container through the Engine API: its output into the function's log, its end
 * (`wait`), and its removal, so `exited` settles exactly when the container is gone.
 */
import type { FunctionRecord } from "../../manifest/record.ts";
import type { InstanceExit, StartOptions } from "../../runtime/types.ts";
import { instanceLog } from "../../runtime/instance_log.ts";
import { demuxLogLines, type Engine } from "../engine/engine.ts";

/** What {@link followContainer} gives back. */
export interface ContainerWatch {
  /** Settles once the container has stopped and been removed. */
  exited: Promise<InstanceExit>;
  /** Whether the container has stopped (synchronous view of `exited`). */
  readonly gone: boolean;
  /** Removes the container (force) and waits for `exited`. Safe to call more than once. */
  stop(reason: string): Promise<void>;
  /** The last lines the container printed, as `:\n...` (empty when none), for error messages. */
  tail(): string;
}

/** Starts following a container that was just started; `engine` is closed once it is gone. */
export function followContainer(
  engine: Engine,
  containerId: string,
  record: FunctionRecord,
  id: string,
  opts: StartOptions,
): ContainerWatch {
  const log = instanceLog(record, id, opts);
  const write = log.write;
  const path = `/containers/${containerId}`;
  const output = engine.request("GET", `${path}/logs?follow=1&stdout=1&stderr=1`)
    .then((res) => res.ok && res.body ? demuxLogLines(res.body, write) : res.body?.cancel())
    .catch(() => {});
  let stopReason: string | undefined;
  let removal: Promise<unknown> | undefined;
  let gone = false;
  const remove = () => (removal ??= engine.request("DELETE", `${path}?force=1`)
    .then((r) => r.body?.cancel(), () => {}));
  const exited = (async (): Promise<InstanceExit> => {
    const waited = await engine.json<{ StatusCode: number }>("POST", `${path}/wait`)
      .catch(() => null);
    gone = true;
    const state = await engine.json<{ State: { OOMKilled: boolean } }>("GET", `${path}/json`)
      .catch(() => null);
    const oom = state?.State.OOMKilled === true;
    if (oom) {
      write(
        "system",
        `container was killed for exceeding its memory limit (${record.manifest?.memoryMb} MB)`,
      );
    }
    await remove();
    await output;
    engine.close();
    return { code: waited?.StatusCode ?? null, reason: stopReason ?? (oom ? "oom" : undefined) };
  })();
  return {
    exited,
    get gone() {
      return gone;
    },
    async stop(reason) {
      stopReason ??= reason;
      await remove();
      await exited;
    },
    tail: () => (log.tail() ? `:\n${log.tail()}` : ""),
  };
}
