/** `minInstances` over real processes: started ahead, kept past idleness, replaced, redeployed. */
import { assert, assertEquals } from "./helpers/assert.ts";
import { alive, startTempPlatform } from "./helpers/temp_platform.ts";
import { until } from "./helpers/wait.ts";

const text = (url: string) => fetch(url).then((r) => r.text());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("minInstances keeps an instance started through idleness, crashes and deploys", async () => {
  const p = await startTempPlatform(["kept"]);
  try {
    const pool = () => p.supervisor.pool("kept");
    await until("kept has an instance before any call", () => pool().slots.length === 1);
    const first = pool().slots[0].instance.pid!;
    const res = await fetch(`${p.url}/fn/kept`);
    assertEquals(await res.text(), String(first));
    assert(!res.headers.get("server-timing")?.includes("cold"), "the first call is warm");

    await sleep(2_500); // past idleTimeoutSec (1 s)
    assert(alive(first), "a kept instance is not stopped for idleness");
    assertEquals(await text(`${p.url}/fn/kept`), String(first));

    Deno.kill(first, "SIGKILL");
    await until("another instance takes its place", () => {
      const slot = pool().slots[0];
      return slot !== undefined && slot.instance.pid !== first;
    });
    const second = pool().slots[0].instance.pid!;
    assertEquals(await text(`${p.url}/fn/kept`), String(second));

    const oldHash = pool().record.hash;
    await p.write("kept", "index.ts", "export default () => `v2 ${Deno.pid}`;");
    await until("the kept instance runs the new code", () => {
      const slots = pool().slots;
      return slots.length === 1 && slots[0].hash !== oldHash && !alive(second);
    });
    const third = pool().slots[0].instance.pid!;
    assertEquals(await text(`${p.url}/fn/kept`), `v2 ${third}`);
  } finally {
    await p.close();
  }
});
