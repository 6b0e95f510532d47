import type { InvocationObserver } from "./types.ts";
import { literal, platformLogger } from "./logging.ts";

const log = platformLogger("observe");

/**
 * One observer that passes each record to several (history, metrics, ...). A throwing observer
 * is reported and does not stop the others.
 */
export function fanOut(...observers: InvocationObserver[]): InvocationObserver {
  const starts = observers.filter((o) => o.onStart);
  return {
    onStart(fn) {
      for (const o of starts) {
        try {
          o.onStart!(fn);
        } catch (e) {
          log.error(literal(`Invocation observer failed: ${(e as Error).message}`));
        }
      }
    },
    onInvocation(record) {
      for (const o of observers) {
        try {
          o.onInvocation(record);
        } catch (e) {
          log.error(literal(`Invocation observer failed: ${(e as Error).message}`));
        }
      }
    },
  };
}
