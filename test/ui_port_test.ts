/**
 * `DENOFN_UI_PORT`: the dashboard on its own origin. The gateway's port no longer serves `/ui`,
 * and the dashboard's port logs in and drives the admin API as under `/ui`.
 */
import { assert, assertEquals } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

const cookiesOf = (res: Response) =>
  res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

Deno.test("the dashboard on its own port logs in and lists functions; the gateway has no /ui", async () => {
  const p = await startTempPlatform(["pid"], { DENOFN_UI_PORT: "0" });
  try {
    const ui = new URL(p.platform.uiUrl!);
    assert(ui.port !== new URL(p.url).port, `${ui} is on the gateway's port`);
    const onGateway = await fetch(`${p.url}/ui/login`);
    await onGateway.body?.cancel();
    assertEquals(onGateway.status, 404);

    const page = await fetch(`${ui.origin}/ui/login`);
    assertEquals(page.status, 200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
    const loggedIn = await fetch(`${ui.origin}/ui/login`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: cookiesOf(page), origin: ui.origin },
      body: new URLSearchParams({ csrf, token: p.platform.adminToken.token, next: "/ui/" }),
    });
    await loggedIn.body?.cancel();
    assert(loggedIn.status >= 300 && loggedIn.status < 400, `login answered ${loggedIn.status}`);
    const listed = await fetch(`${ui.origin}/ui/api/admin/functions`, {
      headers: { cookie: cookiesOf(loggedIn) },
    });
    assertEquals(listed.status, 200);
    const names = (await listed.json()).functions.map((f: { name: string }) => f.name);
    assertEquals(names, ["pid"]);
  } finally {
    await p.close();
  }
});
