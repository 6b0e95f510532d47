import type { FunctionRecord } from "../manifest/record.ts";
import type { StartOptions } from "./types.ts";

/** An instance's output going to the function's log, with its last lines kept for errors. */
export interface InstanceLog {
  write(stream: "stdout" | "stderr" | "system", line: string): void;
  /** The last lines the instance wrote (for a start-up failure message). */
  tail(lines?: number): string;
}

/** Creates the log of instance `id` of `record`; stdout and stderr lines are kept for `tail`. */
export function instanceLog(record: FunctionRecord, id: string, opts: StartOptions): InstanceLog {
  const recent: string[] = [];
  return {
    write(stream, line) {
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
    },
    tail: (lines = 8) => recent.slice(-lines).join("\n"),
  };
}
