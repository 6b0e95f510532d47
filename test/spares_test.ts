/** Spare instances over real processes (`DENOFN_SPARES_MB`): used, replaced, follow new code. */
import { assert, assertEquals } from "./helpers/assert.ts";
import { alive, startTempPlatform } from "./helpers/temp_platform.ts";
import { until } from "./helpers/wait.ts";

Deno.test("an idle stop leaves a spare that takes the next call and follows new code", async () => {
  const p = await startTempPlatform(["idle"], { DENOFN_SPARES_MB: "1024" });
  let spare = 0;
  try {
    const pool = () => p.supervisor.pool("idle");
    const spareSlot = () => pool().slots.find((s) => s.spare && !s.gone);
    const first = Number(await (await fetch(`${p.url}/fn/idle`)).text());
    await until(
      "the idle instance is stopped and a spare stands in",
      () => !alive(first) && spareSlot() !== undefined,
    );
    spare = spareSlot()!.instance.pid!;
    assert(spare !== first);

    const res = await fetch(`${p.url}/fn/idle`);
    assertEquals(Number(await res.text()), spare, "the next call lands on the spare");
    assert(!res.headers.get("server-timing")?.includes("cold"), "and is not a cold call");
    await until("the used spare is idle-stopped and another stands in", () => {
      const s = spareSlot();
      return !alive(spare) && s !== undefined && s.instance.pid !== spare;
    });
    spare = spareSlot()!.instance.pid!;

    const oldHash = pool().record.hash;
    await p.write("idle", "index.ts", "export default () => `v2 ${Deno.pid}`;");
    await until("the spare runs the new code", () => {
      const s = spareSlot();
      return !alive(spare) && s !== undefined && s.hash !== oldHash;
    });
    spare = spareSlot()!.instance.pid!;
    assertEquals(await (await fetch(`${p.url}/fn/idle`)).text(), `v2 ${spare}`);
  } finally {
    await p.close();
  }
  assert(spare > 0 && !alive(spare), "spares die with the platform");
});
