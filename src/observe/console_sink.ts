/** The default function log sink: the platform's own stdout and stderr. */
import type { FunctionLogSink } from "./types.ts";

/** Prints function output as `[fn name/instance] line`. */
export const consoleLogSink: FunctionLogSink = {
  write(l) {
    const line = `[fn ${l.instance}${l.requestId ? ` ${l.requestId}` : ""}] ${l.line}`;
    if (l.stream === "stderr") console.error(line);
    else console.log(line);
  },
};
