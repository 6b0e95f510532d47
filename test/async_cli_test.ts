/** The CLI's async and store verbs against a real platform: invoke --async, jobs, store. */
import { assertEquals, assertMatch } from "./helpers/assert.ts";
import { until, waitForJob } from "./helpers/async_wait.ts";
import { runCli } from "./helpers/platform_process.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

const TOKEN = "async-cli-test-admin-token";

Deno.test("cli: invoke --async [--wait], jobs ls/show/replay, store put/get/ls/rm", async () => {
  const tp = await startTempPlatform(["echo_body", "async_toggle"], { DENOFN_ADMIN_TOKEN: TOKEN });
  const cli = (...args: string[]) => runCli([...args, "--url", tp.url, "--token", TOKEN]);
  try {
    const waited = await cli("invoke", "echo_body", "--async", "--wait", "-d", "hi there");
    assertEquals([waited.code, waited.stdout], [0, "hi there"]);
    assertMatch(waited.stderr, /200 · job \w+ done after 1 attempt/);

    const queued = await cli("invoke", "async_toggle", "--async");
    assertEquals(queued.code, 0);
    const id = queued.stdout.trim();
    assertEquals((await waitForJob(tp.url, id)).state, "dead");
    const dead = await cli("jobs", "ls", "--dead", "--json");
    assertEquals(dead.json().map((j: { id: string }) => j.id), [id]);
    const replayed = await cli("jobs", "replay", "--all", "--json");
    assertEquals(replayed.json(), { replayed: [id] });
    await until(async () => (await cli("jobs", "show", id, "--json")).json().state === "done");
    const table = await cli("jobs", "ls", "--function", "async_toggle");
    assertMatch(table.stdout, new RegExp(`${id}\\s+async_toggle\\s+async\\s+done`));

    const put = await cli("store", "put", "books", "b1", "--data", '{"title":"Dune"}');
    assertEquals(put.code, 0);
    assertEquals((await cli("store", "get", "books", "b1", "--json")).json(), { title: "Dune" });
    assertMatch((await cli("store", "ls", "books")).stdout, /b1\s+1\s+\{"title":"Dune"\}/);
    assertEquals((await cli("store", "rm", "books", "b1")).code, 0);
    assertEquals((await cli("store", "get", "books", "b1")).code, 3);
    assertEquals((await cli("store", "put", "books", "b2", "--data", "{nope")).code, 1);
  } finally {
    await tp.close();
  }
});
