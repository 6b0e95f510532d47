/**
 * W3C Trace Context (`traceparent`) propagation, so a trace spans gateway and function. With
 * tracing on (`OTEL_DENO=true`) the gateway sends its exported hop span instead (`tracing.ts`);
 * these helpers make sure every call carries a `traceparent` when it is off.
 */

/** The parts of a `traceparent` header. */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero: the caller's span. */
  spanId: string;
  /** Two hex digits; `01` = sampled. */
  flags: string;
}

const PATTERN = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** Parses a `traceparent` value; undefined when it is absent or invalid. */
export function parseTraceparent(value: string | null | undefined): TraceContext | undefined {
  const m = value ? PATTERN.exec(value.trim().toLowerCase()) : null;
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, flags };
}

/** Formats a version-00 `traceparent` value. */
export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.flags}`;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));
// Random bytes are drawn in blocks: one getRandomValues per 256 ids rather than one per id.
const pool = new Uint8Array(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  let out = HEX[pool[used] | 1]; // never all zero
  for (let i = 1; i < bytes; i++) out += HEX[pool[used + i]];
  used += bytes;
  return out;
}

/**
 * Ensures `headers` carry a `traceparent` for the call to a function: keeps the incoming trace
 * id and flags with a new span id for the gateway's hop, or starts a new sampled trace. Returns
 * the context that was set.
 */
export function propagateTraceparent(headers: Headers): TraceContext {
  const incoming = parseTraceparent(headers.get("traceparent"));
  const ctx: TraceContext = incoming
    ? { traceId: incoming.traceId, spanId: randomHex(8), flags: incoming.flags }
    : { traceId: randomHex(16), spanId: randomHex(8), flags: "01" };
  headers.set("traceparent", formatTraceparent(ctx));
  if (!incoming) headers.delete("tracestate");
  return ctx;
}

/**
 * The `traceparent` to send on a function call, given the caller's (or null): the caller's
 * trace with a new span id for the gateway's hop, or a new sampled trace.
 */
export function nextTraceparent(incoming: string | null): string {
  const parent = parseTraceparent(incoming);
  return formatTraceparent({
    traceId: parent?.traceId ?? randomHex(16),
    spanId: randomHex(8),
    flags: parent?.flags ?? "01",
  });
}
