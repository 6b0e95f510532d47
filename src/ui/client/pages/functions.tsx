/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The functions table (live), the platform's figures and charts, and deploying a new function. */
import { getJson } from "../api.ts";
import { ago, count, ms, pct } from "../format.ts";
import { useData } from "../hooks.ts";
import type { FunctionStatus, Stats } from "../types.ts";
import { Alert, EmptyRow, Figures, StatusBadge, TableHead } from "../parts/bits.tsx";
import { TimeChart } from "../parts/chart.tsx";
import { Upload } from "../parts/upload.tsx";

/** The figures and charts of a stats series. */
export function StatsCharts(props: { stats?: Stats; fn?: string }) {
  const s = props.stats;
  const series = s && (props.fn ? s.functions[props.fn] : s.platform);
  if (!s) return <p class="muted">Loading figures…</p>;
  const empty = new Array(s.platform.calls.length).fill(0);
  const calls = series?.calls ?? empty;
  return (
    <div class="charts">
      <TimeChart
        title="Calls and errors per minute"
        from={s.from}
        stepMs={s.stepMs}
        lines={[
          { label: "calls", values: calls, color: "--chart-1", bars: true },
          { label: "errors", values: series?.errors ?? empty, color: "--chart-err", bars: true },
        ]}
      />
      <TimeChart
        title="Latency per minute"
        from={s.from}
        stepMs={s.stepMs}
        unit=" ms"
        lines={[
          { label: "p50", values: series?.p50 ?? empty.map(() => null), color: "--chart-2" },
          { label: "p99", values: series?.p99 ?? empty.map(() => null), color: "--chart-3" },
        ]}
      />
    </div>
  );
}

/** The page at `/ui`. */
export function FunctionsPage() {
  const list = useData(
    (signal) => getJson<{ functions: FunctionStatus[] }>("/admin/functions", signal),
    [],
    2000,
  );
  const stats = useData((signal) => getJson<Stats>("/admin/stats", signal), [], 5000);
  const functions = list.data?.functions ?? [];
  const failing = functions.filter((f) => f.status === "failed" || f.failedBuild).length;
  return (
    <>
      <header class="page-head">
        <h1>Functions</h1>
        <p class="muted">
          {functions.length} functions · {functions.filter((f) => f.state === "warm").length} warm
          {failing > 0 && (
            <>
              · <span class="warn-text">{failing} failing</span>
            </>
          )}
        </p>
      </header>
      {list.error && <Alert kind="error">{list.error}</Alert>}
      <section aria-labelledby="platform-figures">
        <h2 id="platform-figures">Platform, last {stats.data?.recentMinutes ?? 5} minutes</h2>
        <Figures summary={stats.data?.platform.summary} minutes={stats.data?.recentMinutes ?? 5} />
      </section>
      <section aria-labelledby="fn-table">
        <h2 id="fn-table" class="visually-hidden">All functions</h2>
        <div class="table-wrap">
          <table class="functions" aria-describedby="fn-table-note">
            <TableHead
              cols={[
                "name",
                "status",
                "runtime",
                "instances",
                "calls/min",
                "p50",
                "p99",
                "errors",
                "cold starts",
                "calls",
                "last call",
              ]}
              num={["instances", "calls/min", "p50", "p99", "errors", "cold starts", "calls"]}
            />
            <tbody>
              {functions.length === 0 && (
                <EmptyRow
                  cols={11}
                  loading={list.loading}
                  text="No functions yet: deploy one below."
                />
              )}
              {functions.map((f) => {
                const s = stats.data?.functions[f.name]?.summary;
                return (
                  <tr key={f.name} data-fn={f.name}>
                    <th scope="row">
                      <a href={`/ui/functions/${f.name}`}>{f.name}</a>
                    </th>
                    <td>
                      <StatusBadge fn={f} />
                      {f.status === "failed" && f.error && (
                        <div class="error-text clip">{f.error}</div>
                      )}
                    </td>
                    <td>{f.runtime}</td>
                    <td class="num">{f.instances.length}</td>
                    <td class="num">{s ? count(s.callsPerMin) : "0"}</td>
                    <td class="num">{ms(s?.p50)}</td>
                    <td class="num">{ms(s?.p99)}</td>
                    <td class="num">{s ? pct(s.errorRate) : "0%"}</td>
                    <td class="num">{f.counters.coldStarts}</td>
                    <td class="num" data-col="calls">{f.counters.invocations}</td>
                    <td>{ago(f.counters.lastInvokedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p id="fn-table-note" class="hint">
          Updates every 2 s. Rates and latency cover the last {stats.data?.recentMinutes ?? 5}{" "}
          minutes of the kept history; calls and cold starts count since the platform started.
        </p>
      </section>
      <section aria-labelledby="platform-charts">
        <h2 id="platform-charts">Last hour</h2>
        <StatsCharts stats={stats.data} />
      </section>
      <section aria-labelledby="new-fn" class="card">
        <h2 id="new-fn">Deploy a function</h2>
        <Upload onDeployed={() => list.reload()} />
      </section>
    </>
  );
}
