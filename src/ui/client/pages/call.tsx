/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * One call from the history: what it was, its timings, its log lines, the kept bodies (when the
 * function keeps them), and a replay that sends the same method, path and body again.
 */
import { useState } from "preact/hooks";
import { getJson } from "../api.ts";
import { bytes, ms, time } from "../format.ts";
import { useData } from "../hooks.ts";
import type { InvocationRecord } from "../types.ts";
import { Alert, HttpStatus } from "../parts/bits.tsx";
import { type CallResult, invoke, ResponseView } from "../parts/invoke.tsx";
import { Logs } from "../parts/logs.tsx";

type Body = InvocationRecord["requestBody"];

function BodyView(props: { title: string; body: Body }) {
  const b = props.body;
  if (!b) return null;
  return (
    <details open>
      <summary>
        {props.title} ({bytes(b.bytes)}
        {b.truncated ? ", cut" : ""}
        {b.encoding === "base64" ? ", base64" : ""})
      </summary>
      <pre class="body">{b.text}</pre>
    </details>
  );
}

function Timings(props: { r: InvocationRecord }) {
  const r = props.r;
  const queue = r.queueMs ?? 0;
  const cold = r.coldStartMs ?? 0;
  const phases: [string, number][] = [
    ["queue", queue],
    ["cold start", cold],
    ["run", Math.max(0, r.durationMs - queue - cold)],
  ];
  return (
    <ul class="timings" aria-label="Timings">
      {phases.map(([name, v]) => (
        <li key={name}>
          <span class="phase">{name}</span>
          <span class="bar">
            <span style={{ width: `${Math.max(1, (v / Math.max(1, r.durationMs)) * 100)}%` }} />
          </span>
          <span class="num">{ms(v)}</span>
        </li>
      ))}
      <li>
        <span class="phase">total</span>
        <span class="bar" />
        <span class="num">{ms(r.durationMs)}</span>
      </li>
    </ul>
  );
}

/** The page at `/ui/calls/<requestId>`. */
export function CallPage(props: { id: string }) {
  const rec = useData(
    (s) => getJson<InvocationRecord>(`/admin/history/${encodeURIComponent(props.id)}`, s),
    [props.id],
  );
  const [replay, setReplay] = useState<CallResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const r = rec.data;
  if (!r) {
    return rec.error ? <Alert kind="error">{rec.error}</Alert> : <p class="muted">Loading…</p>;
  }
  const body = r.requestBody?.encoding === "utf8" && !r.requestBody.truncated
    ? r.requestBody.text
    : "";
  const bodyLost = !["GET", "HEAD"].includes(r.method) && !body;

  const onReplay = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setReplay(await invoke(r.fn, { method: r.method, path: r.path, headers: "", body }));
    } catch (e) {
      setError(`The replay failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header class="page-head">
        <p class="crumbs">
          <a href="/ui">Functions</a> / <a href={`/ui/functions/${r.fn}`}>{r.fn}</a> /
        </p>
        <h1>
          {r.method} <span class="mono">{r.path}</span> <HttpStatus status={r.status} />
        </h1>
      </header>
      <section aria-labelledby="h-call">
        <h2 id="h-call" class="visually-hidden">Call</h2>
        <dl class="facts">
          <div>
            <dt>request id</dt>
            <dd class="mono">{r.requestId}</dd>
          </div>
          <div>
            <dt>started</dt>
            <dd>{time(r.startedAt)}</dd>
          </div>
          <div>
            <dt>duration</dt>
            <dd>{ms(r.durationMs)}</dd>
          </div>
          <div>
            <dt>cold</dt>
            <dd>{r.cold ? "yes" : "no"}</dd>
          </div>
          <div>
            <dt>instance</dt>
            <dd>{r.instance ?? "–"}</dd>
          </div>
          {r.trigger && (
            <div>
              <dt>trigger</dt>
              <dd>{r.trigger}</dd>
            </div>
          )}
          {r.traceId && (
            <div>
              <dt>trace</dt>
              <dd class="mono">{r.traceId}</dd>
            </div>
          )}
        </dl>
        {r.error && (
          <Alert kind="error">
            Error: <span class="error-text">{r.error}</span>
          </Alert>
        )}
        <h3>Timings</h3>
        <Timings r={r} />
        <BodyView title="Request body" body={r.requestBody} />
        <BodyView title="Response body" body={r.responseBody} />
      </section>
      <section aria-labelledby="h-replay">
        <h2 id="h-replay">Replay</h2>
        <p class="hint">
          Sends {r.method} /fn/{r.fn}
          {r.path} again{body ? " with the kept request body" : ""}.
          {bodyLost &&
            " The request body was not kept (the function's history.bodies is off): the replay has none."}
        </p>
        <button type="button" onClick={onReplay} disabled={busy}>
          {busy ? "Replaying…" : "Replay"}
        </button>
        {error && <Alert kind="error">{error}</Alert>}
        {replay && <ResponseView result={replay} />}
      </section>
      <section aria-labelledby="h-call-logs">
        <h2 id="h-call-logs">Log lines of this call</h2>
        <Logs fn={r.fn} request={r.requestId} fixed />
      </section>
    </>
  );
}
