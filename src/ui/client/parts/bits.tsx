/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** Small shared pieces: status badges, alerts, the permission diff, a figures row. */
import type { ComponentChildren } from "preact";
import type { FunctionStatus, StatsSummary } from "../types.ts";
import type { Diff } from "../permissions.ts";
import { count, ms, pct } from "../format.ts";

/**
 * A table's header row: a `<th scope="col">` per column (`false` or `undefined` leaves one out),
 * right-aligned for the `num` columns, its text only for screen readers for the `hidden` ones.
 */
export function TableHead(
  props: { cols: (string | false | undefined)[]; num?: string[]; hidden?: string[] },
) {
  return (
    <thead>
      <tr>
        {props.cols.map((c) =>
          c && (
            <th scope="col" key={c} class={props.num?.includes(c) ? "num" : undefined}>
              {props.hidden?.includes(c) ? <span class="visually-hidden">{c}</span> : c}
            </th>
          )
        )}
      </tr>
    </thead>
  );
}

/** A labelled `<select>` field of `[value, label]` options. */
export function SelectField(
  props: {
    id: string;
    label: string;
    value: string;
    options: [string, string][];
    onChange: (value: string) => void;
  },
) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        {props.options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </div>
  );
}

/** The one row of a table without rows: "Loading…" while `loading`, else `text`. */
export function EmptyRow(props: { cols: number; loading?: boolean; text: string }) {
  return (
    <tr>
      <td colSpan={props.cols} class="muted">{props.loading ? "Loading…" : props.text}</td>
    </tr>
  );
}

/** A function's status, with the reason of a failure in its title. */
export function StatusBadge(props: { fn: Pick<FunctionStatus, "status" | "failedBuild"> }) {
  const { status, failedBuild } = props.fn;
  if (status === "ready" && failedBuild) {
    return <span class="badge warn" title={failedBuild.error}>ready · last build failed</span>;
  }
  return <span class={`badge ${status}`}>{status}</span>;
}

/** An HTTP status, colored by class. */
export function HttpStatus(props: { status: number }) {
  const cls = props.status >= 500 ? "error" : props.status >= 400 ? "warn" : "ok";
  return <span class={`http ${cls}`}>{props.status}</span>;
}

/** A message box. */
export function Alert(props: { kind?: "error" | "ok" | "info"; children: ComponentChildren }) {
  return (
    <p class={`alert ${props.kind ?? "info"}`} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
    </p>
  );
}

/** Granted (+) and revoked (−) entries per kind. */
export function DiffView(props: { diff: Pick<Diff, "changed" | "kinds">; title?: string }) {
  const kinds = Object.entries(props.diff.kinds);
  return (
    <div class="diff" aria-live="polite">
      <h4>{props.title ?? "Permission changes"}</h4>
      {!props.diff.changed && <p class="muted">No permission changes.</p>}
      {kinds.length > 0 && (
        <table class="diff-table">
          <TableHead cols={["kind", "granted", "revoked"]} />
          <tbody>
            {kinds.map(([kind, change]) => (
              <tr key={kind}>
                <th scope="row">{kind}</th>
                <td>
                  {change!.granted.map((g) => <div class="granted" key={g}>+ {g}</div>)}
                </td>
                <td>
                  {change!.revoked.map((r) => <div class="revoked" key={r}>− {r}</div>)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The summary figures of recent minutes. */
export function Figures(
  props: { summary?: StatsSummary; minutes: number; extra?: [string, string][] },
) {
  const s = props.summary;
  const items: [string, string][] = [
    ["calls / min", s ? count(s.callsPerMin) : "–"],
    ["p50", ms(s?.p50)],
    ["p99", ms(s?.p99)],
    ["errors", s ? pct(s.errorRate) : "–"],
    ["cold starts", s ? String(s.coldStarts) : "–"],
    ...(props.extra ?? []),
  ];
  return (
    <dl class="figures" aria-label={`Figures of the last ${props.minutes} minutes`}>
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
