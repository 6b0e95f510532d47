/**
 * The gateway's client span for each hop to a function instance, with `@opentelemetry/api` on
 * Deno's built-in OpenTelemetry (on with `OTEL_DENO=true`). The span is a child of the gateway's
 * server span (Deno makes it the active one while the handler runs), and its id is the parent the
 * function receives in `traceparent`, so gateway → hop → function spans form one trace.
 */
import { context, isSpanContextValid, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { VERSION } from "../version.ts";

/** One traced hop. */
export interface Hop {
  /** The `traceparent` to send: this span's trace and id. */
  traceparent: string;
  /** Ends the span with the call's outcome. */
  end(outcome: HopOutcome): void;
}

/** What is known when a hop ends. */
export interface HopOutcome {
  status: number;
  instance?: string;
  cold?: boolean;
  error?: string;
}

/** Starts hop spans. */
export interface HopTracer {
  /** Undefined when no span could be started (no tracer provider): fall back to a plain header. */
  start(fn: string, method: string, requestId: string): Hop | undefined;
}

/** Creates the hop tracer; use it only when tracing is on (see `tracingEnabled`). */
export function createHopTracer(): HopTracer {
  const tracer = trace.getTracer("denofn-gateway", VERSION);
  return {
    start(fn, method, requestId) {
      const span = tracer.startSpan(`invoke ${fn}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          "faas.invoked_name": fn,
          "faas.invoked_provider": "denofn",
          "http.request.method": method,
          "denofn.request_id": requestId,
        },
      }, context.active());
      const sc = span.spanContext();
      if (!isSpanContextValid(sc)) {
        span.end();
        return undefined;
      }
      return {
        traceparent: `00-${sc.traceId}-${sc.spanId}-${sc.traceFlags & 1 ? "01" : "00"}`,
        end({ status, instance, cold, error }) {
          span.setAttribute("http.response.status_code", status);
          if (instance) span.setAttribute("denofn.instance", instance);
          if (cold !== undefined) span.setAttribute("faas.coldstart", cold);
          if (status >= 500 || error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: error ?? `HTTP ${status}` });
          }
          span.end();
        },
      };
    },
  };
}
