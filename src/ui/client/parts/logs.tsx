/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * A function's live log (Server-Sent Events from the admin API), filterable by request id. Lines
 * are attacker-controlled text: they are rendered as text nodes only.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { events } from "../api.ts";
import { time } from "../format.ts";
import type { FunctionLogLine } from "../types.ts";

const KEEP = 1000;

/** Props of {@link Logs}. */
export interface LogsProps {
  fn: string;
  /** Show only lines of this request (the filter field starts with it). */
  request?: string;
  /** Hide the filter form (a call's page shows its own lines only). */
  fixed?: boolean;
}

/** The log panel. */
export function Logs(props: LogsProps) {
  const [filter, setFilter] = useState(props.request ?? "");
  const [draft, setDraft] = useState(props.request ?? "");
  const [lines, setLines] = useState<FunctionLogLine[]>([]);
  const [state, setState] = useState<"connecting" | "live" | "error">("connecting");
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const stop = new AbortController();
    setLines([]);
    const follow = async () => {
      while (!stop.signal.aborted) {
        setState("connecting");
        const q = new URLSearchParams({ follow: "1", limit: "300" });
        if (filter) q.set("request", filter);
        try {
          for await (const ev of events(`/admin/functions/${props.fn}/logs?${q}`, stop.signal)) {
            if (ev.event === "ready") setState("live");
            if (ev.event !== "log") continue;
            const line = JSON.parse(ev.data) as FunctionLogLine;
            setLines((old) => old.length >= KEEP ? [...old.slice(1 - KEEP), line] : [...old, line]);
          }
        } catch {
          if (stop.signal.aborted) return;
          setState("error");
        }
        await new Promise((r) => setTimeout(r, 2000));
      }
    };
    follow();
    return () => stop.abort();
  }, [props.fn, filter]);

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  const apply = (e: Event) => {
    e.preventDefault();
    setFilter(draft.trim());
  };
  const id = `logs-${props.fn}`;
  return (
    <div class="logs">
      {!props.fixed && (
        <form class="row filter" onSubmit={apply} role="search">
          <div class="field grow">
            <label for={`${id}-request`}>Request id</label>
            <input
              id={`${id}-request`}
              class="mono"
              value={draft}
              placeholder="all requests"
              onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            />
          </div>
          <button type="submit">Filter</button>
          {filter && (
            <button type="button" class="secondary" onClick={() => (setDraft(""), setFilter(""))}>
              Show all
            </button>
          )}
        </form>
      )}
      <p class={`stream-state ${state}`} aria-live="polite">
        {state === "live" ? "● live" : state === "connecting" ? "connecting…" : "reconnecting…"}
        {filter && !props.fixed && (
          <>
            · request <span class="mono">{filter}</span>
          </>
        )}
        {" · "}
        {lines.length} lines
      </p>
      <ol class="log" ref={list} tabIndex={0} aria-label={`Log of ${props.fn}`}>
        {lines.length === 0 && <li class="muted">No log lines yet.</li>}
        {lines.map((l, i) => (
          <li key={i} class={`log-${l.stream}`}>
            <time>{time(l.ts)}</time>
            <span class="inst">{l.instance}</span>
            {l.requestId
              ? (
                <a class="req mono" href={`/ui/calls/${encodeURIComponent(l.requestId)}`}>
                  {l.requestId.slice(0, 8)}
                </a>
              )
              : <span class="req" />}
            <span class="text">{l.line}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
