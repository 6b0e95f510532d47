/**
 * The dashboard in a real browser: headless Chromium (playwright-core) against the real platform.
 * Logged out, the pages redirect to the login and the API answers 401; logged in with the admin
 * token, it deploys a folder and a .tar.gz, watches the table update after a call, invokes from
 * the panel, filters logs by request id, replays a call from history, edits a permission (diff
 * before saving), deletes; and nothing a hostile function writes runs as script.
 * Screenshots go to `test/artifacts/ui/` (git-ignored), or `$DENOFN_UI_SCREENSHOTS`.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { chromiumPath, launchChromium, waitForText } from "./helpers/browser.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

const CHROMIUM = chromiumPath();
if (!CHROMIUM) {
  console.warn(
    "ui_browser_test: skipped, no Chromium (apt-get install chromium, or set DENOFN_CHROMIUM)",
  );
}
const TOKEN = "ui-browser-test-token-0123456789";
const SHOTS = Deno.env.get("DENOFN_UI_SCREENSHOTS") ??
  new URL("./artifacts/ui/", import.meta.url).pathname;

const GREET = `export default (req: Request) => {
  const name = new URL(req.url).searchParams.get("name") ?? "world";
  console.log("greeting " + name);
  return "Hello, " + name + "!";
};
`;

/** Writes the function folder `greet/` (index.ts, registry.json) under `root`. */
async function greetFolder(root: string, version: string): Promise<string> {
  const dir = join(root, "greet");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "index.ts"), GREET.replace("Hello", version));
  await Deno.writeTextFile(join(dir, "registry.json"), '{ "timeoutMs": 5000 }\n');
  return dir;
}

/** Fails the test on any dialog or `window.__pwned` (what the hostile payloads would set). */
function watchForScript(page: Page, seen: string[]) {
  page.on("dialog", (d) => {
    seen.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("pageerror", (e) => seen.push(`page error: ${e.message}`));
}

async function notPwned(page: Page, seen: string[], where: string) {
  const pwned = await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned ?? null);
  assertEquals(pwned, null, `script ran on ${where}`);
  assertEquals(seen, [], `dialogs or errors on ${where}`);
}

Deno.test({
  name: "the dashboard drives the platform in Chromium and runs no injected script",
  ignore: !CHROMIUM,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const tp = await startTempPlatform(["ui_hostile"], { DENOFN_ADMIN_TOKEN: TOKEN });
    const work = await Deno.makeTempDir({ prefix: "ui-browser-" });
    const browser = await launchChromium(CHROMIUM!);
    try {
      await Deno.mkdir(SHOTS, { recursive: true });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const seen: string[] = [];
      watchForScript(page, seen);
      const url = (path: string) => new URL(path, tp.url).href;
      // Steps run in order, each on the state the last left; after a failure the rest skip.
      let passing = true;
      const step = async (name: string, fn: () => Promise<void>) => {
        if (!passing) return;
        passing = await t.step(name, async () => {
          try {
            await fn();
          } catch (e) {
            await page.screenshot({ path: join(SHOTS, "failure.png") }).catch(() => {});
            throw e;
          }
        });
      };

      await step("logged out: pages go to the login, the API answers 401", async () => {
        await page.goto(url("/"));
        assertMatch(page.url(), /\/ui\/login\?next=%2Fui$/);
        const api = await page.request.get(url("/ui/api/admin/functions"));
        assertEquals(api.status(), 401);
        const res = await page.request.get(url("/ui/login"));
        const csp = res.headers()["content-security-policy"];
        assertMatch(csp, /script-src 'self'/);
        assertMatch(csp, /frame-ancestors 'none'/);
        assertEquals(res.headers()["x-frame-options"], "DENY");
      });

      await step("a wrong token is refused, the admin token logs in", async () => {
        await page.getByLabel("Admin token or API key").fill("not-the-token-at-all");
        await page.getByRole("button", { name: "Log in" }).first().click();
        await waitForText(page.getByRole("alert"), /not valid/);
        await page.getByLabel("Admin token or API key").fill(TOKEN);
        await page.getByRole("button", { name: "Log in" }).first().click();
        await page.waitForURL(url("/ui"));
        const cookies = await context.cookies();
        const session = cookies.find((c) => c.name === "denofn_ui");
        assert(session?.httpOnly && session.sameSite === "Strict" && session.path === "/ui");
        assert(!cookies.some((c) => c.value.includes(TOKEN)), "the token is never a cookie value");
      });

      await step("the functions table updates after a call", async () => {
        const calls = page.locator('tr[data-fn="ui_hostile"] [data-col="calls"]');
        await waitForText(calls, /^0$/);
        await (await fetch(url("/fn/ui_hostile"))).text();
        await waitForText(calls, /^1$/); // no reload: the table polls the admin API
        await notPwned(page, seen, "the functions page");
      });

      await step("deploys a folder from the directory picker", async () => {
        const dir = await greetFolder(join(work, "v1"), "Hello");
        await page.getByLabel("Function name").fill("greet");
        await page.getByLabel("Function folder").setInputFiles(dir);
        await page.getByRole("button", { name: "Deploy", exact: true }).click();
        await waitForText(page.locator(".deploy-result"), /Deployed greet/, 30_000);
        await waitForText(page.locator('tr[data-fn="greet"]'), /ready/);
      });

      await step("replaces the code with a .tar.gz (one top folder: stripped)", async () => {
        await page.getByRole("link", { name: "greet", exact: true }).click();
        await page.waitForURL(url("/ui/functions/greet"));
        await greetFolder(join(work, "v2"), "Hi");
        const archive = join(work, "greet.tar.gz");
        const tar = await new Deno.Command("tar", {
          args: ["-C", join(work, "v2"), "-czf", archive, "greet"],
        }).output();
        assert(tar.success, "tar -czf");
        await page.locator("#code").getByLabel("a .tar.gz").check();
        await page.getByLabel("Archive (.tar.gz)").setInputFiles(archive);
        await page.locator("#code").getByRole("button", { name: "Deploy", exact: true }).click();
        await waitForText(page.locator("#code .deploy-result"), /Deployed greet/, 30_000);
      });

      let requestId = "";
      await step("invokes from the panel and sees the answer and its timings", async () => {
        const invoke = page.locator("#invoke");
        await invoke.getByLabel(/^Path/).fill("/?name=Ada");
        await invoke.getByRole("button", { name: "Send" }).click();
        await waitForText(invoke.getByLabel("Response body"), /^Hi, Ada!$/);
        await waitForText(invoke.locator(".response-head"), /200/);
        assert(await invoke.getByLabel("Server-Timing phases").isVisible());
        requestId = (await invoke.locator(".response-head a").textContent())!;
        assertMatch(requestId, /\S{8,}/);
        await invoke.getByLabel(/^Path/).fill("/?name=Bob");
        await invoke.getByRole("button", { name: "Send" }).click();
        await waitForText(invoke.getByLabel("Response body"), /^Hi, Bob!$/);
      });

      await step("filters the live logs by request id", async () => {
        const logs = page.locator("#logs");
        await waitForText(logs.locator("ol.log"), /greeting Bob/);
        await logs.getByLabel("Request id").fill(requestId);
        await logs.getByRole("button", { name: "Filter" }).click();
        // The unfiltered list holds both lines: wait until the filtered one has replaced it.
        const text = await waitForText(
          logs.locator("ol.log"),
          /^(?![\s\S]*greeting Bob)[\s\S]*greeting Ada/,
        );
        assert(!text.includes("greeting Bob"), "the filter keeps only that request's lines");
      });

      await step("edits a permission: the diff shows before saving, then applies", async () => {
        const perms = page.locator("#permissions");
        const net = perms.getByLabel(/^net/);
        await waitForText(perms.locator(".perm-grid"), /net/);
        await net.fill("example.com:443");
        await perms.getByRole("button", { name: "Review changes" }).click();
        await waitForText(perms.locator(".review"), /\+ example\.com:443/);
        assertEquals(await perms.locator(".deploy-result").count(), 0, "nothing saved yet");
        await page.screenshot({ path: join(SHOTS, "permissions.png"), fullPage: false });
        await perms.getByRole("button", { name: "Save and deploy" }).click();
        await waitForText(perms.locator(".deploy-result"), /Deployed greet/, 30_000);
        await waitForText(perms.locator(".deploy-result .diff"), /\+ example\.com:443/);
        await waitForText(perms.locator("pre.flags"), /--allow-net=example\.com:443/);
      });

      await step("restarts and rebuilds from the function page", async () => {
        await page.getByRole("button", { name: "Restart" }).click();
        await waitForText(page.locator(".actions .alert"), /Restarted \(\d+ instances stopped\)/);
        await page.getByRole("button", { name: "Rebuild" }).click();
        await waitForText(page.locator(".actions .alert"), /^Rebuilt\.$/, 30_000);
      });

      await step("opens the call from history and replays it", async () => {
        await page.locator("#history").getByRole("link", { name: requestId.slice(0, 12) })
          .click();
        await page.waitForURL(url(`/ui/calls/${requestId}`));
        await waitForText(page.locator("h1"), /GET \/\?name=Ada 200/);
        await waitForText(page.locator("ol.log"), /greeting Ada/);
        await page.getByRole("button", { name: "Replay" }).click();
        await waitForText(page.getByLabel("Response body"), /^Hi, Ada!$/);
        const replayId = await page.locator(".response-head a").textContent();
        assert(replayId && replayId !== requestId, "the replay is a new call");
      });

      await step("hostile output stays text: logs, bodies, headers, errors", async () => {
        await page.goto(url("/ui/functions/ui_hostile"));
        const invoke = page.locator("#invoke");
        await invoke.getByRole("button", { name: "Send" }).click();
        await waitForText(invoke.getByLabel("Response body"), /<script>window.__pwned/);
        await invoke.locator("details summary").first().click();
        await waitForText(invoke.locator("pre.headers"), /x-hostile: <img/);
        await invoke.getByLabel(/^Path/).fill("/?throw=1");
        await invoke.getByRole("button", { name: "Send" }).click();
        await waitForText(invoke.locator(".response-head"), /500/);
        await waitForText(page.locator("#logs ol.log"), /<img src=x onerror=/);
        await notPwned(page, seen, "the hostile function's page");
        const failed = page.locator("#history tr", { hasText: "500" }).getByRole("link").first();
        await failed.click();
        await page.waitForURL(/\/ui\/calls\//);
        await waitForText(page.locator(".alert.error"), /hostile error <script>/);
        await waitForText(page.locator("ol.log"), /hostile stderr <img/);
        await notPwned(page, seen, "the hostile call's page");
        assertEquals(await page.locator("#main script, #main img, #main svg").count(), 0);
      });

      await step("deletes a function after a confirmation", async () => {
        await page.goto(url("/ui"));
        await waitForText(page.locator('tr[data-fn="greet"] [data-col="calls"]'), /^[1-9]/);
        await page.waitForTimeout(5500); // the charts' next refresh has these calls
        await page.screenshot({ path: join(SHOTS, "functions.png"), fullPage: false });
        await page.goto(url("/ui/functions/greet"));
        await waitForText(page.locator("#overview .figures"), /calls since start\s*[1-9]/);
        await page.waitForTimeout(500); // the charts draw
        await page.screenshot({ path: join(SHOTS, "function.png"), fullPage: false });
        await page.getByRole("button", { name: "Delete…" }).click();
        await page.getByRole("button", { name: "Yes, delete" }).click();
        await page.waitForURL(url("/ui"));
        await page.locator('tr[data-fn="ui_hostile"]').waitFor();
        assertEquals(await page.locator('tr[data-fn="greet"]').count(), 0);
      });

      await step("logs out: the API answers 401 again", async () => {
        await page.getByRole("button", { name: "Log out" }).click();
        await page.waitForURL(/\/ui\/login/);
        assertEquals((await page.request.get(url("/ui/api/admin/functions"))).status(), 401);
        await notPwned(page, seen, "the whole run");
      });
      await context.close();
    } finally {
      await browser.close();
      await tp.close();
      await Deno.remove(work, { recursive: true }).catch(() => {});
    }
  },
});
