/** How figures read in the dashboard. */

/** `12 ms`, `1.2 s`, or `–` when unknown. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value < 10) return `${value.toFixed(1)} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

/** A 0..1 rate as a percentage. */
export function pct(rate: number): string {
  if (!rate) return "0%";
  return rate < 0.001 ? "<0.1%" : `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;
}

/** A count, with `k`/`M` past thousands. */
export function count(n: number): string {
  if (n < 1000) return String(Math.round(n * 10) / 10);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** Bytes as B/KiB/MiB. */
export function bytes(n: number | undefined): string {
  if (n === undefined) return "–";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Local time of day, with the date when it is not today. */
export function time(epochMs: number | string | undefined): string {
  if (epochMs === undefined) return "–";
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return "–";
  const today = new Date().toDateString() === d.toDateString();
  const t = d.toLocaleTimeString([], { hour12: false });
  return today ? t : `${d.toLocaleDateString()} ${t}`;
}

/** How long ago, roughly: `5 s ago`, `3 min ago`. */
export function ago(epochMs: number | undefined, now = Date.now()): string {
  if (!epochMs) return "never";
  const s = Math.max(0, Math.round((now - epochMs) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/** The phases of a `Server-Timing` header: `[name, ms]` pairs. */
export function parseServerTiming(header: string | null): [string, number][] {
  if (!header) return [];
  const out: [string, number][] = [];
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().split(";");
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith("dur="));
    if (name && dur) out.push([name.trim(), Number(dur.slice(4))]);
  }
  return out;
}
