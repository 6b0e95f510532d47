/** @jsxImportSource hono/jsx */
/**
 * The server-rendered pages (Hono JSX, escaped by construction): the login page, which works
 * without JavaScript, and the shell every dashboard page starts from (the client script renders
 * into it).
 */
import type { Child } from "hono/jsx";

/** URLs of the assets, with a version query for caching. */
export interface AssetUrls {
  css: string[];
  js: string;
}

function Document(props: { title: string; assets: AssetUrls; children: Child; meta?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{props.title}</title>
        {props.assets.css.map((href) => <link key={href} rel="stylesheet" href={href} />)}
        {props.meta}
      </head>
      <body>{props.children}</body>
    </html>
  );
}

/** What the login page shows. */
export interface LoginProps {
  assets: AssetUrls;
  csrf: string;
  /** Where to go after logging in (a `/ui` path). */
  next: string;
  error?: string;
  /** Offer the account form (name and password) besides the token. */
  accounts: boolean;
}

/** The login page: the admin token (or an API key), or an account when accounts are on. */
export function LoginPage(props: LoginProps) {
  return (
    <Document title="Log in · denofn" assets={props.assets}>
      <main class="login">
        <h1>
          <span class="logo" aria-hidden="true">λ</span> denofn
        </h1>
        {props.error && <p class="alert error" role="alert">{props.error}</p>}
        <form method="post" action="/ui/login" class="card">
          <h2>Log in with a token</h2>
          <input type="hidden" name="csrf" value={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <label for="token">Admin token or API key</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="current-password"
            required
            autofocus
          />
          <p class="hint">
            The admin token is in <code>data/admin_token</code> (or{" "}
            <code>DENOFN_ADMIN_TOKEN</code>). It is kept in an HttpOnly cookie, never in the page.
          </p>
          <button type="submit">Log in</button>
        </form>
        {props.accounts && (
          <form method="post" action="/ui/login" class="card">
            <h2>Log in with an account</h2>
            <input type="hidden" name="csrf" value={props.csrf} />
            <input type="hidden" name="next" value={props.next} />
            <label for="name">User name</label>
            <input id="name" name="name" autocomplete="username" required />
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
            <button type="submit">Log in</button>
          </form>
        )}
      </main>
    </Document>
  );
}

/** The dashboard shell: the client script renders every page into `#app`. */
export function ShellPage(props: { assets: AssetUrls; csrf: string; who: string }) {
  const meta = (
    <>
      <meta name="denofn-csrf" content={props.csrf} />
      <meta name="denofn-who" content={props.who} />
      <script type="module" src={props.assets.js}></script>
    </>
  );
  return (
    <Document title="denofn" assets={props.assets} meta={meta}>
      <div id="app">
        <noscript>
          <p class="alert">The dashboard needs JavaScript (served by this platform only).</p>
        </noscript>
      </div>
    </Document>
  );
}
