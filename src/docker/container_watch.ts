/**
 * Follows one container: its output into the function's log (`docker logs -f`), its end
 * (`docker wait`), and its removal, so `exited` settles exactly when the container is gone.
 */
import type { FunctionRecord } from "../registry/record.ts";
import type { InstanceExit, StartOptions } from "../runtime/types.ts";
import { dockerProgram, runDocker } from "./cli.ts";

/** What {@link followContainer} gives back. */
export interface ContainerWatch {
  /** Settles once the container has stopped and been removed. */
  exited: Promise<InstanceExit>;
  /** Removes the container (`docker rm -f`) and waits for `exited`. Safe to call more than once. */
  stop(reason: string): Promise<void>;
  /** The last lines the container printed, as `:\n...` (empty when none), for error messages. */
  tail(): string;
}

async function pumpLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
  let buf = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buf += chunk;
    const lines = buf.split("\n");
    buf = lines.pop() ?? "";
    for (const l of lines) onLine(l.replace(/\r$/, ""));
  }
  if (buf) onLine(buf);
}

/** Starts following a container that `docker run -d` just started. */
export function followContainer(
  containerId: string,
  record: FunctionRecord,
  id: string,
  opts: StartOptions,
): ContainerWatch {
  const recent: string[] = [];
  const write = (stream: "stdout" | "stderr" | "system") => (line: string) => {
    if (stream !== "system") {
      recent.push(line);
      if (recent.length > 20) recent.shift();
    }
    opts.logs.write({
      ts: Date.now(),
      fn: record.name,
      instance: id,
      stream,
      line,
      requestId: opts.currentRequestId?.(),
    });
  };
  const logs = new Deno.Command(dockerProgram(), {
    args: ["logs", "-f", containerId],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = Promise.all([
    pumpLines(logs.stdout, write("stdout")),
    pumpLines(logs.stderr, write("stderr")),
  ]);
  let stopReason: string | undefined;
  let removal: Promise<unknown> | undefined;
  const remove = () => (removal ??= runDocker(["rm", "-f", containerId]));
  const exited = (async (): Promise<InstanceExit> => {
    const waited = await runDocker(["wait", containerId]).catch(() => null);
    const code = waited && waited.code === 0 ? Number(waited.stdout.trim()) : null;
    const oom = await runDocker(["inspect", "-f", "{{.State.OOMKilled}}", containerId])
      .then((r) => r.stdout.trim() === "true", () => false);
    if (oom) {
      write("system")(
        `container was killed for exceeding its memory limit (${record.manifest?.memoryMb} MB)`,
      );
    }
    await remove();
    const grace = setTimeout(() => {
      try {
        logs.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 1000);
    await output.catch(() => {});
    await logs.status;
    clearTimeout(grace);
    return { code, reason: stopReason ?? (oom ? "oom" : undefined) };
  })();
  return {
    exited,
    async stop(reason) {
      stopReason ??= reason;
      await remove();
      await exited;
    },
    tail: () => (recent.length ? `:\n${recent.slice(-8).join("\n")}` : ""),
  };
}
