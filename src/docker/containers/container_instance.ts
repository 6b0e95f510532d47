/**
 * One started container as an {@link Instance}: reached at `<ip>:<port>` through the runtime's
 * streaming transport, its readiness polled on the launcher's health path, and, in hot mode
 * (`"container": {"keep": "hot"}`), paused when idle instead of stopped and resumed by its next
 * call.
 */
import type { FunctionRecord } from "../../manifest/record.ts";
import { type Instance, StartError, type StartOptions } from "../../runtime/types.ts";
import { createUpstreamClient, type UpstreamClient } from "../../runtime/transport/mod.ts";
import type { Engine } from "../engine/engine.ts";
import type { ContainerWatch } from "./container_watch.ts";
import type { HolderLease } from "./netns_holders.ts";
import { PauseSwitch } from "./pause_switch.ts";

const NO_HEADERS = new Headers();

/** Who may be paused: one instance per function (the starter keeps one per platform). */
export interface PausedSet {
  /** Marks `id` as the paused instance of `fn`; false when another one already is. */
  claim(fn: string, id: string): boolean;
  /** Clears `id` (resumed or gone). */
  release(fn: string, id: string): void;
}

/** What {@link readyInstance} needs. */
export interface ContainerParts {
  record: FunctionRecord;
  id: string;
  containerId: string;
  /** The address and port of the launcher, and its health path. */
  ip: string;
  port: number;
  health: string;
  engine: Engine;
  watch: ContainerWatch;
  /** The network-namespace holder the container runs in, given back once it is gone. */
  holder?: HolderLease;
  /** Set in hot mode. */
  paused?: PausedSet;
  /** Forgets the function's holders (its instances are shut down with the platform or it). */
  forgetHolders(): Promise<void>;
  pollMs: number;
}

/**
 * Waits until the launcher answers its health path, then returns the instance.
 * @throws {StartError} when the container exits, the start is cancelled or the deadline passes
 *   (the container is removed first).
 */
export async function readyInstance(
  p: ContainerParts,
  opts: StartOptions,
  deadline: number,
): Promise<Instance> {
  const { record, id, watch, holder } = p;
  const client = () => createUpstreamClient({ transport: "tcp", hostname: p.ip, port: p.port });
  let upstream: UpstreamClient = client();
  const log = (line: string) =>
    opts.logs.write({ ts: Date.now(), fn: record.name, instance: id, stream: "system", line });
  const sw = p.paused
    ? new PauseSwitch(p.engine, p.containerId, (m) => log(`pause or resume failed: ${m}`))
    : undefined;
  const exited = watch.exited.then(async (exit) => {
    upstream.close();
    await sw?.settled();
    p.paused?.release(record.name, id);
    // A holder whose instance never became ready may be broken: the next start makes another.
    await holder?.release(exit.reason !== "shutdown" && exit.reason !== "start-failed");
    if (exit.reason === "shutdown") await p.forgetHolders();
    return exit;
  });
  const stop = async (reason: string) => {
    await watch.stop(reason);
    await exited;
  };
  const probe = async (timeoutMs: number) => {
    try {
      const res = await upstream.send({
        method: "GET",
        path: p.health,
        headers: NO_HEADERS,
        body: null,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  };
  while (true) {
    if (p.ip && await probe(Math.max(50, Math.min(1000, deadline - Date.now())))) break;
    const why = !p.ip
      ? `Cannot find the address of the container of "${record.name}"`
      : opts.signal.aborted
      ? `Start of "${record.name}" was cancelled`
      : watch.gone
      ? `"${record.name}" exited during start-up (code ${(await watch.exited).code})${watch.tail()}`
      : Date.now() >= deadline
      ? `"${record.name}" was not ready within ${opts.readyTimeoutMs} ms${watch.tail()}`
      : "";
    if (why) {
      await stop("start-failed");
      throw new StartError(why);
    }
    await new Promise((r) => setTimeout(r, p.pollMs));
  }
  const base = {
    id,
    kind: "container" as const,
    containerId: p.containerId,
    readyAt: Date.now(),
    exited,
    stop,
  };
  if (!sw || !p.paused) {
    return {
      ...base,
      probe,
      fetch: (req) => upstream.fetch(req),
      send: (call) => upstream.send(call),
      sendRaw: (call) => upstream.sendRaw!(call),
    };
  }
  const paused = p.paused;
  let resuming: Promise<void> | undefined;
  const resume = () =>
    resuming ??= (() => {
      paused.release(record.name, id);
      log("resumed");
      return sw.resume().finally(() => resuming = undefined);
    })();
  return {
    ...base,
    get paused() {
      return sw.paused;
    },
    pause() {
      if (sw.paused) return true;
      if (watch.gone || !paused.claim(record.name, id)) return false;
      // Connections kept alive would be closed by the launcher's keep-alive timer the moment it
      // thaws, under the first call: the calls after the pause open new ones.
      const old = upstream;
      upstream = client();
      old.close();
      sw.pause();
      log("paused while idle (hot)");
      return true;
    },
    // A frozen launcher cannot answer: it was healthy when paused, and its next call shows. A
    // probe under way as it pauses is not held against it either. A probe during a resume waits
    // for it: an unpause can take seconds on a busy engine, and a probe sent to the still-frozen
    // launcher would time out and have it killed under the call that resumed it.
    probe: async (t) => {
      if (sw.paused) return true;
      if (resuming) await resuming.catch(() => {});
      return await probe(t) || sw.paused;
    },
    fetch: (req) => sw.paused ? resume().then(() => upstream.fetch(req)) : upstream.fetch(req),
    send: (call) => sw.paused ? resume().then(() => upstream.send(call)) : upstream.send(call),
    sendRaw: (call) =>
      sw.paused ? resume().then(() => upstream.sendRaw!(call)) : upstream.sendRaw!(call),
  };
}
