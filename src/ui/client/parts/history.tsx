/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The invocation history of a function, with status and time filters, refreshed live. */
import { useState } from "preact/hooks";
import { getJson } from "../api.ts";
import { ms, time } from "../format.ts";
import { useData } from "../hooks.ts";
import type { InvocationRecord } from "../types.ts";
import { Alert, EmptyRow, HttpStatus, SelectField, TableHead } from "./bits.tsx";

const STATUSES: [string, string][] = [
  ["", "any status"],
  ["ok", "ok (< 400)"],
  ["error", "error (≥ 400)"],
  ["2xx", "2xx"],
  ["4xx", "4xx"],
  ["5xx", "5xx"],
];
const SINCE: [string, string][] = [
  ["", "any time"],
  ["300000", "last 5 minutes"],
  ["3600000", "last hour"],
  ["86400000", "last 24 hours"],
];

/** The history panel. */
export function History(props: { fn?: string }) {
  const [status, setStatus] = useState("");
  const [since, setSince] = useState("");
  const q = new URLSearchParams({ limit: "200" });
  if (props.fn) q.set("function", props.fn);
  if (status) q.set("status", status);
  const history = useData(
    (signal) => getJson<{ records: InvocationRecord[] }>(`/admin/history?${q}`, signal),
    [props.fn, status],
    3000,
  );
  const cutoff = since ? Date.now() - Number(since) : 0;
  const records = (history.data?.records ?? []).filter((r) => r.startedAt >= cutoff);
  const id = `history-${props.fn ?? "all"}`;
  return (
    <div class="history">
      <form class="row filter" role="search" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          id={`${id}-status`}
          label="Status"
          value={status}
          options={STATUSES}
          onChange={setStatus}
        />
        <SelectField
          id={`${id}-since`}
          label="Time"
          value={since}
          options={SINCE}
          onChange={setSince}
        />
      </form>
      {history.error && <Alert kind="error">{history.error}</Alert>}
      <div class="table-wrap">
        <table class="calls">
          <TableHead
            cols={[
              "time",
              !props.fn && "function",
              "method",
              "path",
              "status",
              "duration",
              "cold",
              "request",
            ]}
            num={["duration"]}
          />
          <tbody>
            {records.length === 0 && (
              <EmptyRow cols={8} loading={history.loading} text="No calls match." />
            )}
            {records.map((r) => (
              <tr key={r.requestId}>
                <td>{time(r.startedAt)}</td>
                {!props.fn && (
                  <td>
                    <a href={`/ui/functions/${r.fn}`}>{r.fn}</a>
                  </td>
                )}
                <td>{r.method}</td>
                <td class="mono path">{r.path}</td>
                <td>
                  <HttpStatus status={r.status} />
                </td>
                <td class="num">{ms(r.durationMs)}</td>
                <td>{r.cold ? "cold" : ""}</td>
                <td>
                  <a class="mono" href={`/ui/calls/${encodeURIComponent(r.requestId)}`}>
                    {r.requestId.slice(0, 12)}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
