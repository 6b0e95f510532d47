import {
  ContainerStarter,
  createTemplateBuilders,
  removeLeftoverContainers,
  removeNetwork,
} from "./mod.ts";
import { parseManifestText } from "../manifest/mod.ts";
const b = createTemplateBuilders("/work/main/templates", { baseImages: "local" });
const starter = new ContainerStarter({
  templatesDir: "/work/main/templates",
  owner: "exp",
  network: "denofn-exp",
});
const logs = {
  write: (l: { instance: string; stream: string; line: string }) =>
    console.log(`   [${l.instance} ${l.stream}] ${l.line}`),
};
for (const name of Deno.args) {
  const dir = `/work/main/registry_in/${name}`;
  const manifest = parseManifestText(await Deno.readTextFile(`${dir}/registry.json`));
  const out = await b[manifest.runtime].build({
    name,
    sourceDir: dir,
    outDir: "/tmp",
    hash: "h1",
    manifest,
    log: () => {},
    signal: new AbortController().signal,
  });
  const record = {
    name,
    status: "ready" as const,
    hash: "h1",
    runtime: manifest.runtime,
    builtAt: "",
    buildMs: 0,
    sourceDir: dir,
    image: out.image,
    manifest,
  };
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const inst = await starter.start(record, `${name}-${i}`, {
      signal: new AbortController().signal,
      readyTimeoutMs: 10000,
      logs: i === 0 ? logs : { write() {} },
    });
    const t1 = performance.now();
    const res = await inst.fetch(
      new Request("http://x/?name=bench", { method: "POST", body: "hi" }),
    );
    const text = await res.text();
    const t2 = performance.now();
    times.push(t2 - t0);
    if (i === 0) console.log(name, res.status, text, `start ${Math.round(t1 - t0)} ms`);
    await inst.stop("bench");
    const ex = await inst.exited;
    if (i === 0) console.log("exit", ex);
  }
  times.sort((a, b) => a - b);
  console.log(
    name,
    "median cold ms",
    Math.round(times[5]),
    "min",
    Math.round(times[0]),
    "max",
    Math.round(times[9]),
  );
}
console.log("left", await removeLeftoverContainers("exp"));
await removeNetwork("denofn-exp");
