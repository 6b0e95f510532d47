/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * One function: status and actions (restart, rebuild, delete), figures and charts, the invoke
 * panel, live logs, history, the permissions editor, the manifest, and replacing its code.
 */
import { useState } from "preact/hooks";
import { getJson, send } from "../api.ts";
import { bytes, time } from "../format.ts";
import { useData } from "../hooks.ts";
import { navigate } from "../router.ts";
import type { FunctionDetail, Stats } from "../types.ts";
import { Alert, Figures, StatusBadge } from "../parts/bits.tsx";
import { History } from "../parts/history.tsx";
import { InvokePanel } from "../parts/invoke.tsx";
import { Logs } from "../parts/logs.tsx";
import { PermissionsEditor } from "../parts/permissions_editor.tsx";
import { Upload } from "../parts/upload.tsx";
import { StatsCharts } from "./functions.tsx";

function Actions(props: { fn: string; onDone: () => void }) {
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const act = async (what: string, method: string, path: string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const { status, body } = await send<Record<string, unknown>>(method, path);
      if (what === "delete") return navigate("/ui");
      const build = body.build as { status: string; error?: string } | undefined;
      setMessage(
        status === 422
          ? { kind: "error", text: `Rebuild failed: ${build?.error ?? "unknown error"}` }
          : {
            kind: "ok",
            text: what === "restart"
              ? `Restarted (${body.stoppedInstances} instances stopped).`
              : "Rebuilt.",
          },
      );
      props.onDone();
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const base = `/admin/functions/${props.fn}`;
  return (
    <div class="actions">
      {([["restart", "Restart"], ["rebuild", "Rebuild"]] as const).map(([what, label]) => (
        <button
          type="button"
          key={what}
          disabled={busy}
          onClick={() => act(what, "POST", `${base}/${what}`)}
        >
          {label}
        </button>
      ))}
      {!confirming
        ? <button type="button" class="danger" onClick={() => setConfirming(true)}>Delete…</button>
        : (
          <span class="confirm" role="group" aria-label="Confirm delete">
            Delete {props.fn} and its code?{" "}
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={() => act("delete", "DELETE", base)}
            >
              Yes, delete
            </button>{" "}
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        )}
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
    </div>
  );
}

function Overview(props: { d: FunctionDetail }) {
  const d = props.d;
  return (
    <>
      {d.status === "failed" && (
        <Alert kind="error">
          Build failed: <pre class="error-text">{d.error}</pre>
        </Alert>
      )}
      {d.failedBuild && (
        <Alert kind="error">
          The latest build ({time(d.failedBuild.builtAt)}) failed; version {d.hash.slice(0, 12)}
          {" "}
          keeps serving.
          <pre class="error-text">{d.failedBuild.error}</pre>
        </Alert>
      )}
      <dl class="facts">
        <div>
          <dt>status</dt>
          <dd>
            <StatusBadge fn={d} />
          </dd>
        </div>
        <div>
          <dt>runtime</dt>
          <dd>{d.runtime}</dd>
        </div>
        <div>
          <dt>version</dt>
          <dd class="mono">{d.hash.slice(0, 12)}</dd>
        </div>
        <div>
          <dt>built</dt>
          <dd>{time(d.builtAt)} in {d.buildMs} ms</dd>
        </div>
        <div>
          <dt>bundle</dt>
          <dd>{d.image ?? bytes(d.bundleBytes)}</dd>
        </div>
        <div>
          <dt>instances</dt>
          <dd>
            {d.instances.length
              ? d.instances.map((i) => `${i.id} (${i.inFlight} in flight)`).join(", ")
              : "none (cold)"}
          </dd>
        </div>
      </dl>
    </>
  );
}

const SECTIONS: [string, string][] = [
  ["overview", "Overview"],
  ["invoke", "Invoke"],
  ["logs", "Logs"],
  ["history", "History"],
  ["permissions", "Permissions"],
  ["code", "Code"],
];

/** The page at `/ui/functions/<name>`. */
export function FunctionPage(props: { name: string }) {
  const fn = props.name;
  const detail = useData((s) => getJson<FunctionDetail>(`/admin/functions/${fn}`, s), [fn], 3000);
  const stats = useData((s) => getJson<Stats>(`/admin/stats?function=${fn}`, s), [fn], 5000);
  const d = detail.data;
  if (!d) {
    return detail.error
      ? <Alert kind="error">{detail.error}</Alert>
      : <p class="muted">Loading…</p>;
  }
  return (
    <>
      <header class="page-head">
        <p class="crumbs">
          <a href="/ui">Functions</a> /
        </p>
        <h1>
          {fn} <StatusBadge fn={d} />
        </h1>
        <Actions fn={fn} onDone={detail.reload} />
      </header>
      <nav class="sections" aria-label="Sections">
        {SECTIONS.map(([id, label]) => <a key={id} href={`#${id}`}>{label}</a>)}
      </nav>
      <section id="overview" aria-labelledby="h-overview">
        <h2 id="h-overview">Overview</h2>
        <Overview d={d} />
        <Figures
          summary={stats.data?.functions[fn]?.summary}
          minutes={stats.data?.recentMinutes ?? 5}
          extra={[["calls since start", String(d.counters.invocations)]]}
        />
        <StatsCharts stats={stats.data} fn={fn} />
      </section>
      <section id="invoke" aria-labelledby="h-invoke">
        <h2 id="h-invoke">Invoke</h2>
        <InvokePanel fn={fn} onCalled={() => setTimeout(detail.reload, 300)} />
      </section>
      <section id="logs" aria-labelledby="h-logs">
        <h2 id="h-logs">Logs</h2>
        <Logs fn={fn} />
      </section>
      <section id="history" aria-labelledby="h-history">
        <h2 id="h-history">History</h2>
        <History fn={fn} />
      </section>
      <section id="permissions" aria-labelledby="h-permissions">
        <h2 id="h-permissions">Permissions</h2>
        <PermissionsEditor fn={fn} version={d.hash} onSaved={detail.reload} />
        <details>
          <summary>Permission flags an instance gets</summary>
          <pre class="flags">{(d.permissionFlags ?? []).join("\n") || "(none)"}</pre>
        </details>
        <details>
          <summary>Manifest (every default filled in)</summary>
          <pre class="manifest">{JSON.stringify(d.manifest ?? null, null, 2)}</pre>
        </details>
      </section>
      <section id="code" aria-labelledby="h-code">
        <h2 id="h-code">Replace the code</h2>
        <p class="hint">
          <a href={`/ui/api/admin/functions/${fn}/source`} download={`${fn}.tar.gz`}>
            Download the current source
          </a>{" "}
          (.tar.gz)
        </p>
        <Upload name={fn} onDeployed={detail.reload} />
      </section>
    </>
  );
}
