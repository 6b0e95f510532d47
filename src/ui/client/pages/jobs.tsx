/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** Async jobs and dead letters (when async is on), with replay of dead letters. */
import { useState } from "preact/hooks";
import { ApiError, getJson, send } from "../api.ts";
import { time } from "../format.ts";
import { useData } from "../hooks.ts";
import type { Job } from "../types.ts";
import { Alert, EmptyRow, SelectField, TableHead } from "../parts/bits.tsx";

const STATES = ["", "queued", "running", "retrying", "waiting", "done", "dead"];

function JobsTable(props: { jobs: Job[]; onReplay?: (id: string) => void }) {
  return (
    <div class="table-wrap">
      <table class="jobs">
        <TableHead
          cols={[
            "created",
            "function",
            "call",
            "state",
            "attempts",
            "last error",
            "id",
            props.onReplay && "actions",
          ]}
          num={["attempts"]}
          hidden={["actions"]}
        />
        <tbody>
          {props.jobs.length === 0 && <EmptyRow cols={8} text="None." />}
          {props.jobs.map((j) => (
            <tr key={j.id}>
              <td>{time(j.createdAt)}</td>
              <td>
                <a href={`/ui/functions/${j.fn}`}>{j.fn}</a>
              </td>
              <td class="mono path">{j.method} {j.path}</td>
              <td>
                <span class={`badge job-${j.state}`}>{j.state}</span>
              </td>
              <td class="num">{j.attempts}</td>
              <td class="error-text clip">{j.lastError ?? ""}</td>
              <td class="mono">{j.id.slice(0, 14)}</td>
              {props.onReplay && (
                <td>
                  <button type="button" onClick={() => props.onReplay!(j.id)}>Replay</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The page at `/ui/jobs`. */
export function JobsPage() {
  const [state, setState] = useState("");
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();
  const q = new URLSearchParams({ limit: "100" });
  if (state) q.set("state", state);
  const jobs = useData((s) => getJson<{ jobs: Job[] }>(`/admin/async/jobs?${q}`, s), [state], 3000);
  const dead = useData((s) => getJson<{ jobs: Job[] }>("/admin/async/dead?limit=100", s), [], 3000);
  if (jobs.error && jobs.error.includes("No admin route")) {
    return <Alert>Async invocations are off on this platform (DENOFN_ASYNC=off).</Alert>;
  }
  const replay = async (path: string, what: string) => {
    try {
      const { body } = await send<{ replayed?: number }>("POST", path);
      setMessage({
        kind: "ok",
        text: body.replayed !== undefined ? `Replayed ${body.replayed} jobs.` : `Replayed ${what}.`,
      });
      jobs.reload();
      dead.reload();
    } catch (e) {
      setMessage({ kind: "error", text: e instanceof ApiError ? e.message : String(e) });
    }
  };
  return (
    <>
      <header class="page-head">
        <h1>Async jobs</h1>
      </header>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <section aria-labelledby="h-dead">
        <h2 id="h-dead">Dead letters</h2>
        {dead.error && <Alert kind="error">{dead.error}</Alert>}
        <JobsTable
          jobs={dead.data?.jobs ?? []}
          onReplay={(id) => replay(`/admin/async/dead/${id}/replay`, id)}
        />
        {(dead.data?.jobs.length ?? 0) > 0 && (
          <button
            type="button"
            onClick={() => replay("/admin/async/dead/replay", "all")}
          >
            Replay all
          </button>
        )}
      </section>
      <section aria-labelledby="h-jobs">
        <h2 id="h-jobs">Jobs</h2>
        <form class="row filter" role="search" onSubmit={(e) => e.preventDefault()}>
          <SelectField
            id="jobs-state"
            label="State"
            value={state}
            options={STATES.map((s) => [s, s || "any state"])}
            onChange={setState}
          />
        </form>
        {jobs.error && <Alert kind="error">{jobs.error}</Alert>}
        <JobsTable jobs={jobs.data?.jobs ?? []} />
      </section>
    </>
  );
}
