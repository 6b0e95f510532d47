/**
 * Container functions written for other platforms, unmodified (Node: Lambda, OpenFaaS, Google
 * Cloud Functions, Azure v3 and v4, Vercel; Python: OpenFaaS classic and python3-http, Lambda,
 * GCF, Azure), plus a dependency per runtime (`package.json` from npm, `requirements.txt` from a
 * wheel the test builds, offline), stdin handlers, and hostile dependency files and handlers,
 * all through the real gateway.
 */
import { join } from "node:path";
import { assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";
import { dockerTest, ensureTestBaseImages } from "../src/docker/testing.ts";
import { removeFunctionImages, removeNetwork } from "../src/docker/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const FIXTURES = join(ROOT, "test/fixtures/platforms");
const OWNER = `test-platforms-${crypto.randomUUID().slice(0, 6)}`;
const NETWORK = `denofn-${OWNER}`;

interface Case {
  fn: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  body_?: RegExp[];
  expectHeaders?: Record<string, RegExp>;
}

const SPOOF = { "x-forwarded-for": "203.0.113.7" };

const CASES: Case[] = [
  {
    fn: "node-lambda",
    path: "/hello?x=1",
    headers: SPOOF,
    status: 200,
    body_: [
      /"message":"hello world"/,
      /"path":"\/hello"/,
      /"query":\{"x":"1"\}/,
      /"sourceIp":"127\.0\.0\.1"/,
      /"requestId":"dp-\d+"/,
      /"remaining":true/,
    ],
    expectHeaders: { "x-custom": /^a, b$/, "content-type": /application\/json/ },
  },
  {
    fn: "node-openfaas",
    path: "/of",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"a":1}',
    status: 201,
    body_: [/"status":"Received input: \{\\"a\\":1\}"/, /"method":"POST"/, /"secret":"s3cr3t"/],
    expectHeaders: { "x-openfaas": /^yes$/ },
  },
  { fn: "node-gcf", path: "/?name=GCF", status: 200, body_: [/^Hello GCF!$/] },
  {
    fn: "node-gcf",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"name":"Body"}',
    status: 200,
    body_: [/^Hello Body!$/],
    expectHeaders: { "content-type": /text\/html/ },
  },
  {
    fn: "node-azure-v3",
    path: "/?name=Azure",
    status: 200,
    body_: [/^Hello, Azure\. This HTTP triggered function executed successfully\.$/],
  },
  {
    fn: "node-azure-v4",
    method: "POST",
    body: "v4",
    status: 200,
    body_: [/^Hello, v4!$/],
  },
  {
    fn: "node-vercel",
    path: "/?name=Vercel",
    headers: SPOOF,
    status: 200,
    body_: [/^\{"message":"Hello Vercel!","ip":"127\.0\.0\.1"\}$/],
  },
  { fn: "node-deps", path: "/?d=2h", status: 200, body_: [/^\{"input":"2h","ms":7200000\}$/] },
  {
    fn: "node-stdin",
    path: "/r",
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "abc",
    status: 200,
    body_: [/^\{"reversed":"cba","method":"POST","path":"\/r"\}$/],
  },
  {
    fn: "py-openfaas-classic",
    method: "POST",
    body: "echo me",
    status: 200,
    body_: [/^echo me$/],
  },
  {
    fn: "py-openfaas-http",
    path: "/p?name=faas",
    status: 200,
    body_: [
      /"message": "Hello from OpenFaaS!"/,
      /"path": "\/p"/,
      /"name": "faas"/,
      /"password_length": 7/,
    ],
    expectHeaders: { "x-served-by": /^openfaas$/ },
  },
  {
    fn: "py-lambda",
    path: "/l?name=py",
    status: 200,
    body_: [
      /"message": "Hello from Lambda!"/,
      /"rawPath": "\/l"/,
      /"name": "py"/,
      /"requestId": "dp-\d+"/,
    ],
    expectHeaders: { "set-cookie": /^flavor=chocolate$/ },
  },
  {
    fn: "py-gcf",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"name":"Flask"}',
    status: 200,
    body_: [/^Hello Flask!$/],
  },
  { fn: "py-gcf", path: "/?name=Args", status: 200, body_: [/^Hello Args!$/] },
  {
    fn: "py-azure",
    path: "/?name=Func",
    status: 200,
    body_: [/^Hello, Func\. This HTTP triggered function executed successfully\.$/],
  },
  {
    fn: "py-deps",
    status: 200,
    body_: [/^\{"joke": "There are 10 kinds of people\.", "version": "1\.0\.0"\}$/],
  },
  {
    fn: "py-stdin",
    path: "/w",
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "one two three",
    status: 202,
    body_: [/^\{"words": 3, "method": "POST", "path": "\/w"\}$/],
  },
];

const REFUSED: Record<string, RegExp> = {
  "node-hostile-pkg":
    /dependencies\.up: "link:\.\.\/\.\." is not a registry version.*dependencies\.tarball: "file:\/etc\/passwd"/,
  "py-hostile-req":
    /requirements\.txt line 1: "--index-url https:\/\/evil\.example\/simple" is not a plain requirement.*line 2: .*line 3: /,
  "py-hostile-handler": /handler file "os" does not exist/,
};

const MARKER = "/tmp/denofn-platforms-postinstall-ran";

/** Zips `test/fixtures/wheels/tinyjoke-1.0.0/` into a wheel in `dir`. */
async function buildWheel(dir: string): Promise<void> {
  const tree = join(ROOT, "test/fixtures/wheels/tinyjoke-1.0.0");
  const out = await new Deno.Command("python3", {
    args: [
      "-m",
      "zipfile",
      "-c",
      join(dir, "tinyjoke-1.0.0-py3-none-any.whl"),
      "tinyjoke",
      "tinyjoke-1.0.0.dist-info",
    ],
    cwd: tree,
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

dockerTest("container functions of other platforms run unchanged through the gateway", async () => {
  await ensureTestBaseImages(["node", "python"]);
  await Deno.remove(MARKER).catch(() => {});
  const wheels = await Deno.makeTempDir({ prefix: "denofn-wheels-" });
  const names = [...new Set([...CASES.map((c) => c.fn), ...Object.keys(REFUSED)])];
  let p: Awaited<ReturnType<typeof startTempPlatform>> | undefined;
  try {
    await buildWheel(wheels);
    p = await startTempPlatform(names, {
      DENOFN_DOCKER: "on",
      DENOFN_DOCKER_OWNER: OWNER,
      DENOFN_DOCKER_NETWORK: NETWORK,
      DENOFN_TEMPLATES: join(ROOT, "templates"),
      DENOFN_PIP_INDEX_URL: "none",
      DENOFN_PIP_FIND_LINKS: wheels,
    }, { fixturesDir: FIXTURES });
    for (const [fn, pattern] of Object.entries(REFUSED)) {
      const record = p.registry.list().find((r) => r.name === fn);
      assertEquals(record?.status, "failed", `${fn} must not build`);
      assertMatch(record?.error, pattern, fn);
    }
    let n = 0;
    for (const c of CASES) {
      const record = p.registry.list().find((r) => r.name === c.fn);
      assertEquals(record?.status, "ready", `${c.fn}: ${record?.error}`);
      const res = await fetch(`${p.url}/fn/${c.fn}${c.path ?? "/"}`, {
        method: c.method ?? "GET",
        headers: { "x-request-id": `dp-${++n}`, ...c.headers },
        body: c.body,
      });
      const text = await res.text();
      const what = `${c.fn} ${c.method ?? "GET"} ${c.path ?? "/"}: ${text.slice(0, 300)}`;
      assertEquals(res.status, c.status, what);
      for (const pattern of c.body_ ?? []) assertMatch(text, pattern, what);
      for (const [name, pattern] of Object.entries(c.expectHeaders ?? {})) {
        assertMatch(res.headers.get(name) ?? "", pattern, `${what} (header ${name})`);
      }
    }
    const logs = (fn: string) => p!.logs.filter((l) => l.fn === fn).map((l) => l.line).join("\n");
    assertMatch(logs("node-stdin"), /handling dp-\d+/);
    assertMatch(logs("py-stdin"), /this goes to the log/);
    assertMatch(logs("node-lambda"), /serving export lambdaHandler as lambda/);
    assertMatch(logs("py-gcf"), /serving registered hello_http as gcf/);
    assertEquals(await Deno.stat(MARKER).then(() => true, () => false), false, "a script ran");
    // requirements.txt has its own image layer: a change elsewhere rebuilds without reinstalling.
    const installs = () =>
      p!.platform.observability!.logs.query("py-deps", { limit: 1000 })
        .filter((l) => /Successfully installed tinyjoke/.test(l.line)).length;
    assertEquals(installs(), 1);
    await p.write(
      "py-deps",
      "handler.py",
      "import tinyjoke\n\n\ndef handle(req):\n    return tinyjoke.joke().upper()\n",
    );
    const again = await fetch(`${p.url}/fn/py-deps`);
    assertEquals(await again.text(), "THERE ARE 10 KINDS OF PEOPLE.");
    assertEquals(
      installs(),
      1,
      "the pip layer was rebuilt although requirements.txt did not change",
    );
  } finally {
    await p?.close();
    for (const name of names) await removeFunctionImages(name, OWNER);
    await removeNetwork(NETWORK, OWNER).catch(() => {});
    await Deno.remove(wheels, { recursive: true }).catch(() => {});
  }
});
