/** The gateway's phases of one call, in ms. */
export interface CallPhases {
  /** Waiting for a free instance slot. */
  queueMs?: number;
  /** Starting an instance (only on a cold call). */
  coldStartMs?: number;
  /** From forwarding the request to the instance's response headers. */
  upstreamMs?: number;
  /** Whole time in the gateway. */
  totalMs?: number;
}

const NAMES: [keyof CallPhases, string][] = [
  ["queueMs", "queue"],
  ["coldStartMs", "cold"],
  ["upstreamMs", "upstream"],
  ["totalMs", "total"],
];

/**
 * The `Server-Timing` header value of a call's phases; phases left out are omitted.
 * @example serverTiming({ queueMs: 1.2, coldStartMs: 18, upstreamMs: 3.4 })
 *   // "queue;dur=1.2, cold;dur=18.0, upstream;dur=3.4"
 */
export function serverTiming(phases: CallPhases): string {
  const parts: string[] = [];
  for (const [key, name] of NAMES) {
    const ms = phases[key];
    if (ms === undefined || !Number.isFinite(ms)) continue;
    parts.push(`${name};dur=${Math.max(0, ms).toFixed(1)}`);
  }
  return parts.join(", ");
}

/**
 * {@link serverTiming} of a call's two phases without building an object or a list: the
 * gateway sets it on every response.
 * @example callServerTiming(false, 0.04, 0.31) // "queue;dur=0.0, upstream;dur=0.3"
 */
export function callServerTiming(cold: boolean, waitMs: number, upstreamMs: number): string {
  return `${cold ? "cold" : "queue"};dur=${ms(waitMs)}, upstream;dur=${ms(upstreamMs)}`;
}

function ms(value: number): string {
  return value > 0 && value < Infinity ? value.toFixed(1) : "0.0";
}
