/**
 * Load generators: wrk for throughput, the closed-loop C client for per-request latency, both
 * bounded in time and only aimed at 127.0.0.1.
 * @module
 */

/** One throughput run. */
export interface WrkResult {
  rps: number;
  requests: number;
  errors: number;
}

/** Runs `wrk` for `seconds` with `conns` connections against 127.0.0.1:`port``path`. */
export async function runWrk(
  wrk: string,
  port: number,
  path: string,
  conns: number,
  seconds: number,
): Promise<WrkResult> {
  const args = [`-t${Math.min(2, conns)}`, `-c${conns}`, `-d${seconds}s`, "--timeout", "5s"];
  const out = await new Deno.Command(wrk, {
    args: [...args, `http://127.0.0.1:${port}${path}`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const rps = Number(text.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN);
  const requests = Number(text.match(/(\d+) requests in/)?.[1] ?? NaN);
  const non2xx = Number(text.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  const sock = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const errors = non2xx + (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  if (!out.success || !Number.isFinite(rps)) throw new Error(`Cannot run wrk:\n${text}`);
  return { rps, requests, errors };
}

/** One latency run (microseconds). */
export interface LatencyResult {
  requests: number;
  errors: number;
  rps: number;
  mean_us: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  max_us: number;
}

/**
 * Runs the closed-loop latency client. Its mean latency times its rate should equal `conns`
 * (Little's law); {@link littleCheck} reports how far off that is.
 */
export async function runLatency(
  bin: string,
  port: number,
  path: string,
  conns: number,
  ms: number,
  max = 2_000_000,
): Promise<LatencyResult> {
  const out = await new Deno.Command(bin, {
    args: [String(port), path, String(conns), String(ms), String(max)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`Cannot run latency client: ${new TextDecoder().decode(out.stderr)}`);
  }
  return JSON.parse(text);
}

/** Ratio of (rate × mean latency) to the concurrency: 1.0 means the client's clock is sound. */
export function littleCheck(r: LatencyResult, conns: number): number {
  return (r.rps * r.mean_us) / 1e6 / conns;
}
