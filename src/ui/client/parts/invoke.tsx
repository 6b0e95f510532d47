/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * Calling a function from the browser (`/fn/<name><path>`, same origin, without the session
 * cookie, which is scoped to `/ui`), and showing its answer: status, time, the gateway's
 * Server-Timing phases, headers and body, all as text.
 */
import { useEffect, useState } from "preact/hooks";
import { ms, parseServerTiming } from "../format.ts";
import { HttpStatus } from "./bits.tsx";

/** A call to make. */
export interface CallSpec {
  method: string;
  path: string;
  headers: string;
  body: string;
}

/** What came back. */
export interface CallResult {
  status: number;
  tookMs: number;
  requestId?: string;
  timing: [string, number][];
  headers: [string, string][];
  body: string;
  truncated: boolean;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const MAX_SHOWN = 256 * 1024;

/** The request's text areas: spec key and label. */
const TEXT_FIELDS = [["headers", 'Headers (one "Name: value" a line)'], ["body", "Body"]] as const;

/** Lines `Name: value` as headers (lines without a colon are ignored). */
export function parseHeaderLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split("\n")) {
    const at = line.indexOf(":");
    if (at > 0) out.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return out;
}

/** Calls `fn` as the spec says. */
export async function invoke(fn: string, spec: CallSpec): Promise<CallResult> {
  const path = spec.path.startsWith("/") ? spec.path : `/${spec.path}`;
  const started = performance.now();
  const res = await fetch(`/fn/${fn}${path === "/" ? "" : path}`, {
    method: spec.method,
    headers: parseHeaderLines(spec.headers),
    body: spec.method === "GET" || spec.method === "HEAD" ? undefined : spec.body,
    credentials: "omit",
    redirect: "manual",
    cache: "no-store",
  });
  const text = await res.text();
  return {
    status: res.status,
    tookMs: performance.now() - started,
    requestId: res.headers.get("x-request-id") ?? undefined,
    timing: parseServerTiming(res.headers.get("server-timing")),
    headers: [...res.headers],
    body: text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) : text,
    truncated: text.length > MAX_SHOWN,
  };
}

/** An answer, with its timings as a bar per phase. */
export function ResponseView(props: { result: CallResult }) {
  const r = props.result;
  const total = Math.max(r.tookMs, ...r.timing.map(([, v]) => v));
  return (
    <section class="response" aria-label="Response">
      <p class="response-head">
        <HttpStatus status={r.status} /> in {ms(r.tookMs)}
        {r.requestId && (
          <>
            {" · request "}
            <a href={`/ui/calls/${encodeURIComponent(r.requestId)}`} class="mono">{r.requestId}</a>
          </>
        )}
      </p>
      {r.timing.length > 0 && (
        <ul class="timings" aria-label="Server-Timing phases">
          {r.timing.map(([name, v]) => (
            <li key={name}>
              <span class="phase">{name}</span>
              <span class="bar">
                <span style={{ width: `${Math.max(1, (v / total) * 100)}%` }} />
              </span>
              <span class="num">{ms(v)}</span>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Headers ({r.headers.length})</summary>
        <pre class="headers">{r.headers.map(([k, v]) => `${k}: ${v}`).join("\n")}</pre>
      </details>
      <pre class="body" aria-label="Response body">{r.body || "(empty body)"}</pre>
      {r.truncated && <p class="hint">Only the first 256 KiB are shown.</p>}
    </section>
  );
}

/** The invoke form of a function (pre-filled by `preset`, e.g. a replay). */
export function InvokePanel(props: { fn: string; preset?: CallSpec; onCalled?: () => void }) {
  const [spec, setSpec] = useState<CallSpec>(
    props.preset ?? { method: "GET", path: "/", headers: "", body: "" },
  );
  const [result, setResult] = useState<CallResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => void (props.preset && setSpec(props.preset)), [props.preset]);
  const id = `invoke-${props.fn}`;
  const set = (k: keyof CallSpec) => (e: Event) =>
    setSpec({ ...spec, [k]: (e.target as HTMLInputElement).value });

  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setResult(await invoke(props.fn, spec));
      props.onCalled?.();
    } catch (err) {
      setError(`The call failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="invoke" onSubmit={send} aria-busy={busy}>
      <div class="row">
        <div class="field narrow">
          <label for={`${id}-method`}>Method</label>
          <select id={`${id}-method`} value={spec.method} onChange={set("method")}>
            {METHODS.map((m) => <option key={m}>{m}</option>)}
          </select>
        </div>
        <div class="field grow">
          <label for={`${id}-path`}>Path (after /fn/{props.fn})</label>
          <input id={`${id}-path`} value={spec.path} onInput={set("path")} class="mono" />
        </div>
      </div>
      <div class="row">
        {TEXT_FIELDS.map(([key, label]) => (
          <div class="field grow" key={key}>
            <label for={`${id}-${key}`}>{label}</label>
            <textarea
              id={`${id}-${key}`}
              rows={3}
              value={spec[key]}
              onInput={set(key)}
              class="mono"
            />
          </div>
        ))}
      </div>
      <button type="submit" disabled={busy}>{busy ? "Calling…" : "Send"}</button>
      {error && <p class="alert error" role="alert">{error}</p>}
      {result && <ResponseView result={result} />}
    </form>
  );
}
