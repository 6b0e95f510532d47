/**
 * The second argument of web-standard handlers `(req, context)`: denofn's `ctx`, Deno.serve's
 * `info`, and Netlify's and Vercel's `context` in one object, so a handler written for any of
 * them finds what it reads. Every field is a getter: a call pays only for what it touches.
 */
import { parseCookies } from "./body.ts";
import type { CallFacts } from "./types.ts";

/** Netlify's `context.cookies`: reads the request's cookies, collects `Set-Cookie` lines. */
export class CookieJar {
  readonly #incoming: Record<string, string>;
  readonly outgoing: string[] = [];
  constructor(header: string | null) {
    this.#incoming = parseCookies(header);
  }
  get(name: string): string | undefined {
    return this.#incoming[name];
  }
  set(
    nameOrOptions: string | { name: string; value: string; [k: string]: unknown },
    value?: string,
  ): void {
    const o = typeof nameOrOptions === "string"
      ? { name: nameOrOptions, value: value ?? "" }
      : nameOrOptions;
    const attrs = Object.entries(o).filter(([k]) => k !== "name" && k !== "value")
      .map(([k, v]) => (v === true ? `; ${k}` : v === false ? "" : `; ${cookieAttr(k)}=${v}`));
    this.outgoing.push(`${o.name}=${encodeURIComponent(String(o.value))}${attrs.join("")}`);
  }
  delete(nameOrOptions: string | { name: string; path?: string; domain?: string }): void {
    const o = typeof nameOrOptions === "string" ? { name: nameOrOptions } : nameOrOptions;
    this.set({ ...o, value: "", expires: new Date(0).toUTCString() });
  }
}

function cookieAttr(key: string): string {
  const known: Record<string, string> = {
    maxAge: "Max-Age",
    httpOnly: "HttpOnly",
    sameSite: "SameSite",
    expires: "Expires",
    path: "Path",
    domain: "Domain",
    secure: "Secure",
  };
  return known[key] ?? key;
}

/** Logs a rejected `waitUntil` promise instead of letting it crash the instance. */
export function waitUntil(promise: unknown): void {
  Promise.resolve(promise).catch((e) => console.error("waitUntil promise rejected:", e));
}

/** The merged context of web-standard handlers. */
export class WebContext {
  readonly #req: Request;
  readonly #facts: CallFacts;
  #cookies?: CookieJar;
  constructor(req: Request, facts: CallFacts) {
    this.#req = req;
    this.#facts = facts;
  }
  // denofn
  get requestId(): string {
    return this.#facts.requestId;
  }
  get functionName(): string {
    return this.#facts.functionName;
  }
  get path(): string {
    return this.#facts.path;
  }
  get signal(): AbortSignal {
    return this.#facts.signal;
  }
  // Deno.serve's info
  get remoteAddr(): { transport: "tcp"; hostname: string; port: number } {
    return { transport: "tcp", hostname: this.#facts.clientIp, port: 0 };
  }
  get completed(): Promise<void> {
    return this.#facts.completed;
  }
  // Netlify / Vercel
  get ip(): string {
    return this.#facts.clientIp;
  }
  get env(): Record<string, string> {
    return this.#facts.env;
  }
  get geo(): Record<string, unknown> {
    return {};
  }
  get params(): Record<string, string> {
    return {};
  }
  get cookies(): CookieJar {
    return (this.#cookies ??= new CookieJar(this.#req.headers.get("cookie")));
  }
  get url(): URL {
    return new URL(this.#req.url);
  }
  get site(): Record<string, string | undefined> {
    return { id: undefined, name: this.#facts.functionName, url: new URL(this.#req.url).origin };
  }
  get deploy(): Record<string, unknown> {
    return { context: "production", id: undefined, published: true };
  }
  get account(): Record<string, unknown> {
    return { id: undefined };
  }
  get server(): Record<string, string> {
    return { region: "local" };
  }
  waitUntil(promise: unknown): void {
    waitUntil(promise);
  }
  /** There is no origin behind a function: `next()` and `rewrite()` answer 404. */
  next(): Promise<Response> {
    return Promise.resolve(new Response("Not Found", { status: 404 }));
  }
  rewrite(): Promise<Response> {
    return this.next();
  }
  json(value: unknown, init?: ResponseInit): Response {
    return Response.json(value, init);
  }
  log(...args: unknown[]): void {
    console.log(...args);
  }
  /** Adds the cookies set through `cookies` to the handler's response. */
  finish(res: Response): Response {
    const out = this.#cookies?.outgoing;
    if (!out?.length) return res;
    try {
      for (const line of out) res.headers.append("set-cookie", line);
      return res;
    } catch { // immutable headers (a fetched Response): copy
      const copy = new Response(res.body, res);
      for (const line of out) copy.headers.append("set-cookie", line);
      return copy;
    }
  }
}
