/**
 * A deploy is done when the router routes it: a call made right after the admin API's 200
 * reaches the new code, every time; and a platform that is still starting answers 503 with
 * `Retry-After` (never another 5xx) to admin requests and calls.
 */
import { join } from "node:path";
import { gzip, writeTar } from "../src/admin/tar/mod.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import { copyDir, startPlatformIn } from "./helpers/temp_platform.ts";

const TOKEN = "deploy-route-token-0123456789";
const FIXTURES = new URL("./fixtures/functions/", import.meta.url).pathname;
const enc = new TextEncoder();

async function archive(version: number): Promise<Uint8Array> {
  const code = `export default () => "version ${version}";`;
  return await gzip(writeTar([{ name: "index.ts", data: enc.encode(code) }]));
}

const platformIn = (root: string) => startPlatformIn(root, { DENOFN_ADMIN_TOKEN: TOKEN });

function deploy(url: string, version: number) {
  return archive(version).then((body) =>
    fetch(`${url}/admin/functions/versioned`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/gzip" },
      body: body as BodyInit,
    })
  );
}

Deno.test("20 deploys in a row: each call right after a 200 reaches that version", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-deploy-" });
  const platform = await platformIn(root);
  try {
    await platform.ready;
    for (let version = 1; version <= 20; version++) {
      const res = await deploy(platform.url, version);
      assertEquals(res.status, 200, await res.clone().text());
      await res.body?.cancel();
      const call = await fetch(`${platform.url}/fn/versioned`);
      assertEquals(await call.text(), `version ${version}`);
    }
  } finally {
    await platform.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("from its first millisecond the platform answers admin and calls with no 5xx but 503", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-starting-" });
  for (const name of ["warm", "slow", "echo_body", "throws", "pid"]) {
    await copyDir(join(FIXTURES, name), join(root, "registry_in", name));
  }
  const platform = await platformIn(root);
  const statuses: number[] = [];
  const retryAfter: (string | null)[] = [];
  const record = async (res: Response) => {
    statuses.push(res.status);
    if (res.status === 503) retryAfter.push(res.headers.get("retry-after"));
    await res.body?.cancel();
  };
  try {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const hammer = async () => {
      while (statuses.length < 400) {
        await Promise.all([
          fetch(`${platform.url}/admin/functions`, { headers: auth }).then(record),
          fetch(`${platform.url}/fn/warm`).then(record),
          fetch(`${platform.url}/readyz`).then(record),
        ]);
      }
    };
    const deployed = deploy(platform.url, 1);
    await Promise.all([hammer(), hammer()]);
    const answer = await deployed;
    assertEquals(answer.status, 200, await answer.clone().text());
    await answer.body?.cancel();
    assertEquals(await fetch(`${platform.url}/fn/versioned`).then((r) => r.text()), "version 1");
    const bad = statuses.filter((s) => s >= 500 && s !== 503);
    assertEquals(bad, [], `5xx other than 503: ${bad}`);
    assert(retryAfter.every((v) => v !== null), "every 503 carries Retry-After");
    assert(statuses.includes(200));
  } finally {
    await platform.close();
    await Deno.remove(root, { recursive: true });
  }
});
