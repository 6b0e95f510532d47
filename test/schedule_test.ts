/**
 * Schedules through the real platform: a function with `"schedule"` every two seconds is invoked
 * through the async path (`X-Denofn-Trigger: cron`), history and metrics mark the runs, a bad
 * expression fails the build, and deleting the function stops its schedule.
 */
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { until } from "./helpers/async_wait.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

const TOKEN = "schedule-test-admin-token";
const AUTH = { authorization: `Bearer ${TOKEN}` };

Deno.test("schedule: a cron every 2 s fires through the async path and stops on delete", async () => {
  const tp = await startTempPlatform(["cron_tick"], { DENOFN_ADMIN_TOKEN: TOKEN });
  try {
    const ticks = () => tp.logs.filter((l) => l.fn === "cron_tick" && l.line.startsWith("TICK"));
    await until(() => ticks().length >= 2, 10_000);
    assertEquals(ticks()[0].line, "TICK cron POST /tick from cron");
    const history =
      await (await fetch(`${tp.url}/admin/history?function=cron_tick`, { headers: AUTH }))
        .json();
    assertEquals(history.records[0].trigger, "cron");
    const metrics = await (await fetch(`${tp.url}/metrics`)).text();
    assertMatch(metrics, /denofn_cron_runs_total\{function="cron_tick"\} [2-9]/);

    await tp.write("cron_tick", "registry.json", '{ "schedule": "every minute please" }');
    const record = tp.registry.list().find((r) => r.name === "cron_tick")!;
    assertMatch(record.error ?? "", /schedule/);

    const del = await fetch(`${tp.url}/admin/functions/cron_tick`, {
      method: "DELETE",
      headers: AUTH,
    });
    assert(del.ok, `delete answered ${del.status}`);
    await del.body?.cancel();
    await new Promise((r) => setTimeout(r, 500));
    const before = ticks().length;
    await new Promise((r) => setTimeout(r, 4_500));
    assertEquals(ticks().length, before, "no tick after the delete");
  } finally {
    await tp.close();
  }
});
