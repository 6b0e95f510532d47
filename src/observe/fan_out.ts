import type { InvocationObserver } from "./types.ts";

/**
 * One observer that passes each record to several (history, metrics, ...). A throwing observer
 * is reported and does not stop the others.
 */
export function fanOut(...observers: InvocationObserver[]): InvocationObserver {
  return {
    onInvocation(record) {
      for (const o of observers) {
        try {
          o.onInvocation(record);
        } catch (e) {
          console.error(`Invocation observer failed: ${(e as Error).message}`);
        }
      }
    },
  };
}
