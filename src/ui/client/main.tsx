/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * The dashboard's client: a Preact app rendered into the server's shell page, with one page per
 * route. Everything it shows comes from the admin API through `/ui/api`, rendered as text.
 */
import { render } from "preact";
import { session } from "./api.ts";
import { interceptLinks, match, useLocation } from "./router.ts";
import { CallPage } from "./pages/call.tsx";
import { FunctionPage } from "./pages/function.tsx";
import { FunctionsPage } from "./pages/functions.tsx";
import { JobsPage } from "./pages/jobs.tsx";
import { History } from "./parts/history.tsx";

const NAV: [string, string][] = [["/ui", "Functions"], ["/ui/history", "History"], [
  "/ui/jobs",
  "Jobs",
]];

function Page(props: { path: string }) {
  const { path } = props;
  let p: Record<string, string> | undefined;
  if (path === "/ui" || path === "/ui/") return <FunctionsPage />;
  if ((p = match("/ui/functions/:name", path))) return <FunctionPage key={p.name} name={p.name} />;
  if ((p = match("/ui/calls/:id", path))) return <CallPage key={p.id} id={p.id} />;
  if (match("/ui/jobs", path)) return <JobsPage />;
  if (match("/ui/history", path)) {
    return (
      <>
        <header class="page-head">
          <h1>History</h1>
        </header>
        <History />
      </>
    );
  }
  return (
    <p class="alert error" role="alert">
      No page at {path}. <a href="/ui">Functions</a>
    </p>
  );
}

function App() {
  const { path } = useLocation();
  const current = (href: string) =>
    href === "/ui"
      ? path === "/ui" || path === "/ui/" || path.startsWith("/ui/functions")
      : path.startsWith(href);
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/ui">
          <span class="logo" aria-hidden="true">λ</span> denofn
        </a>
        <nav aria-label="Main">
          {NAV.map(([href, label]) => (
            <a key={href} href={href} aria-current={current(href) ? "page" : undefined}>{label}</a>
          ))}
        </nav>
        <form method="post" action="/ui/logout" class="logout">
          <span class="who">{session.who}</span>
          <input type="hidden" name="csrf" value={session.csrf} />
          <button type="submit" class="secondary">Log out</button>
        </form>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} />
      </main>
    </>
  );
}

interceptLinks();
render(<App />, document.getElementById("app")!);
