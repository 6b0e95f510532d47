/** The default function log sink: the platform's own output (see `logging.ts` for the format). */
import { literal, platformLogger } from "./logging.ts";
import type { FunctionLogSink } from "./types.ts";

const log = platformLogger("fn");

/**
 * Prints function output: `[fn <instance> <requestId>] <line>` in the pretty format, or a JSON
 * line with `function`, `instance`, `requestId` and `stream`; stderr lines go to stderr.
 */
export const consoleLogSink: FunctionLogSink = {
  write(l) {
    const fields = {
      function: l.fn,
      instance: l.instance,
      requestId: l.requestId,
      stream: l.stream,
    };
    if (l.stream === "stderr") log.warn(literal(l.line), fields);
    else log.info(literal(l.line), fields);
  },
};
