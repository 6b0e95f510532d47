/**
 * Functions written for other platforms, unmodified (each folder under
 * `test/fixtures/platforms/` has at most a minimal `registry.json`), called through the real
 * gateway: status, headers, body, the path each saw, env access and the client address. Also the
 * hostile inputs of these shapes (`handler`, `package.json`): refused at build, or contained.
 */
import { assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

const FIXTURES = new URL("./fixtures/platforms/", import.meta.url).pathname;

interface Case {
  fn: string;
  /** Path after `/fn/<fn>` (default `/`), or `url`: the whole path. */
  path?: string;
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  /** Every pattern must match the body. */
  body_?: RegExp[];
  /** Response headers that must match. */
  expectHeaders?: Record<string, RegExp>;
  /** The shape the runner reported (its log line `serving ... as <shape>`). */
  shape?: string;
}

const SPOOF = { "x-forwarded-for": "203.0.113.7" };

const CASES: Case[] = [
  {
    fn: "supabase-hello",
    url: "/functions/v1/supabase-hello",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"name":"Functions"}',
    status: 200,
    body_: [
      /"message":"Hello Functions!"/,
      /"path":"\/supabase-hello"/,
      /"supabaseUrl":"http:\/\/supabase\.test"/,
    ],
    expectHeaders: { "content-type": /application\/json/ },
    shape: "deno-serve",
  },
  {
    fn: "supabase-hono",
    url: "/functions/v1/supabase-hono/hello",
    status: 200,
    body_: [/^Hello from hono-server!$/],
  },
  {
    fn: "supabase-hono",
    url: "/functions/v1/supabase-hono/echo",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"a":1}',
    status: 200,
    body_: [/^\{"got":\{"a":1\}\}$/],
  },
  {
    fn: "deno-deploy-std",
    headers: SPOOF,
    status: 200,
    body_: [/^Your IP address is <b>127\.0\.0\.1<\/b>$/],
    expectHeaders: { "content-type": /text\/html/ },
    shape: "deno-serve",
  },
  {
    fn: "deno-serve-info",
    path: "/a/b?q=1",
    headers: SPOOF,
    status: 200,
    body_: [/"path":"\/a\/b"/, /"query":"1"/, /"remote":"127\.0\.0\.1"/],
  },
  { fn: "deno-serve-default", path: "/teapot", status: 418, body_: [/^I'm a teapot$/] },
  { fn: "deno-serve-default", path: "/x", status: 200, body_: [/^Hello from \/x$/] },
  { fn: "hono-deno", status: 200, body_: [/^Hello Hono!$/] },
  {
    fn: "hono-deno",
    path: "/posts/7?page=2",
    status: 200,
    body_: [/^You want to see 2 of 7$/],
    expectHeaders: { "x-message": /^Hi!$/ },
  },
  {
    fn: "workers-hello",
    path: "/some/where",
    headers: SPOOF,
    status: 200,
    body_: [
      /"greeting":"Hello Workers!"/,
      /"apiHost":"example\.com"/,
      /"path":"\/some\/where"/,
      /"ip":"203\.0\.113\.7, 127\.0\.0\.1"/,
    ],
    shape: "workers",
  },
  { fn: "workers-sw", path: "/p", status: 200, body_: [/^Hello worker! \/p$/], shape: "workers" },
  { fn: "hono-workers", status: 200, body_: [/^Hello Hono!$/], shape: "workers" },
  {
    fn: "netlify-hello",
    path: "/?name=Ada",
    headers: { ...SPOOF, cookie: "theme=dark" },
    status: 200,
    body_: [
      /"message":"Hello, Ada!"/,
      /"ip":"127\.0\.0\.1"/,
      /"requestId":"platforms-\d+"/,
      /"geo":\{\}/,
      /"site":"my-site"/,
      /"seenCookie":"dark"/,
    ],
    expectHeaders: { "set-cookie": /^visited=yes; Path=\/$/ },
    shape: "web",
  },
  {
    fn: "netlify-v1",
    path: "/x?name=Ada",
    status: 200,
    body_: [
      /"message":"Hello Ada"/,
      /"method":"GET"/,
      /"path":"\/x"/,
      /"requestId":"platforms-\d+"/,
    ],
    shape: "lambda",
  },
  { fn: "vercel-edge", path: "/v", status: 200, body_: [/^Hello from nowhere \(\/v\)$/] },
  {
    fn: "vercel-edge",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"n":1}',
    status: 201,
    body_: [/^\{"received":\{"n":1\}\}$/],
    shape: "vercel",
  },
  {
    fn: "vercel-edge",
    method: "DELETE",
    status: 405,
    expectHeaders: { allow: /GET, POST, HEAD/ },
  },
  {
    fn: "vercel-node",
    path: "/?name=Vercel",
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "curl/8" },
    body: '{"x":true}',
    status: 200,
    body_: [/"message":"Hello Vercel!"/, /"body":\{"x":true\}/, /"ua":"curl\/8"/],
    expectHeaders: { "content-type": /application\/json/ },
    shape: "express",
  },
  {
    fn: "lambda-ts-v2",
    path: "/items?name=v2",
    method: "PUT",
    headers: { ...SPOOF, "content-type": "text/plain" },
    body: "payload",
    status: 200,
    body_: [
      /"message":"Hello v2"/,
      /"rawPath":"\/items"/,
      /"method":"PUT"/,
      /"sourceIp":"127\.0\.0\.1"/,
      /"remainingOk":true/,
      /"body":"payload"/,
    ],
    expectHeaders: { "content-type": /application\/json/ },
    shape: "lambda",
  },
  {
    fn: "gcf-deno",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"name":"Deno"}',
    status: 200,
    body_: [/^Hello Deno!$/],
    expectHeaders: { "content-type": /text\/html/ },
    shape: "gcf",
  },
  {
    fn: "azure-deno",
    path: "/?name=Func",
    status: 200,
    body_: [/^\{"greeting":"Hello, Func!","invocationId":"platforms-\d+"\}$/],
    shape: "azure",
  },
  {
    fn: "stdin-handler",
    path: "/s?q=7",
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "shout",
    status: 201,
    body_: [
      /^\{"upper":"SHOUT","method":"POST","path":"\/s","q":"7","greeting":"hi","contentType":"text\/plain"\}$/,
    ],
  },
  {
    fn: "hostile-env-probe",
    status: 200,
    body_: [
      /^\{"adminToken":"unset","denoDir":"unset","home":"unset","nodeEnv":"unset","hasPath":false,"everything":"NotCapable","own":"mine"\}$/,
    ],
  },
  {
    fn: "hostile-handler-absent",
    status: 503,
    body_: [/handler \\"nothere\\" is not a function the module exports/],
  },
];

/** Build failures of hostile inputs: each names the key and the value. */
const REFUSED: Record<string, RegExp> = {
  "hostile-handler-proto": /handler: "index\.__proto__" must end in an exported name/,
  "hostile-handler-outside": /handler: "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd\.read" names file/,
  "hostile-pkg-file":
    /package\.json dependencies\.secret: "file:\.\.\/\.\.\/canary" is not a registry version/,
  "hostile-pkg-link": /dependencies\.etc: "link:\/etc" is not a registry version/,
  "hostile-pkg-git": /dependencies\.evil: "github:evil\/repo" .*dependencies\.evil2: "git\+https/,
  "hostile-pkg-url":
    /dependencies\.evil: "https:\/\/example\.com\/evil\.tgz" is not a registry version/,
};

const MARKER = "/tmp/denofn-platforms-preinstall-ran";

Deno.test("functions of other platforms run unchanged through the gateway", async () => {
  await Deno.remove(MARKER).catch(() => {});
  const names = [...new Set([...CASES.map((c) => c.fn), ...Object.keys(REFUSED)])];
  const p = await startTempPlatform(names, {
    DENOFN_SUPABASE_ROUTES: "on",
    DENOFN_SUPABASE_URL: "http://supabase.test",
  }, { fixturesDir: FIXTURES });
  try {
    for (const [fn, pattern] of Object.entries(REFUSED)) {
      const record = p.registry.list().find((r) => r.name === fn);
      assertEquals(record?.status, "failed", `${fn} must not build`);
      assertMatch(record?.error, pattern, fn);
    }
    let n = 0;
    for (const c of CASES) {
      const url = `${p.url}${c.url ?? `/fn/${c.fn}${c.path ?? "/"}`}`;
      const res = await fetch(url, {
        method: c.method ?? "GET",
        headers: { "x-request-id": `platforms-${++n}`, ...c.headers },
        body: c.body,
      });
      const text = await res.text();
      const what = `${c.fn} ${c.method ?? "GET"} ${c.url ?? c.path ?? "/"}: ${text.slice(0, 300)}`;
      assertEquals(res.status, c.status, what);
      for (const pattern of c.body_ ?? []) assertMatch(text, pattern, what);
      for (const [name, pattern] of Object.entries(c.expectHeaders ?? {})) {
        assertMatch(res.headers.get(name) ?? "", pattern, `${what} (header ${name})`);
      }
      if (c.shape) {
        const seen = p.logs.find((l) => l.fn === c.fn && /^serving .* as /.test(l.line))?.line;
        assertMatch(seen ?? `serving ... as web`, new RegExp(` as ${c.shape}$`), c.fn);
      }
    }
    // console output of a stdin handler lands in its log, not in the answer
    assertMatch(
      p.logs.filter((l) => l.fn === "stdin-handler").map((l) => l.line).join("\n"),
      /handling platforms-\d+/,
    );
    const marker = await Deno.stat(MARKER).then(() => true, () => false);
    assertEquals(marker, false, "a package.json script ran at build");
  } finally {
    await p.close();
  }
});
