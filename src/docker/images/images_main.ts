/**
 * `deno task images [--force] [key...]`: builds the offline base images from this machine's files
 * (Deno, Node, Python from Debian's packages, busybox-static, the docker CLI) and prints a summary.
 */
import { dockerStatus } from "../engine/cli.ts";
import { buildBaseImage } from "./base_images.ts";
import { BASE_IMAGE_SPECS } from "./base_specs.ts";

const args = Deno.args.filter((a) => a !== "--force");
const force = Deno.args.includes("--force");
const specs = args.length ? BASE_IMAGE_SPECS.filter((s) => args.includes(s.key)) : BASE_IMAGE_SPECS;
if (args.length && specs.length !== args.length) {
  console.error(`Unknown base image; known: ${BASE_IMAGE_SPECS.map((s) => s.key).join(", ")}`);
  Deno.exit(2);
}
const status = await dockerStatus();
if (!status.ok) {
  console.error(status.reason);
  Deno.exit(1);
}
const results = [];
for (const [i, spec] of specs.entries()) {
  console.log(`[${i + 1}/${specs.length}] ${spec.image} (${spec.describe})`);
  const r = await buildBaseImage(spec, { force, log: (l) => console.log(`  ${l}`) });
  console.log(`  -> ${r.status} in ${(r.ms / 1000).toFixed(1)} s${r.error ? `\n${r.error}` : ""}`);
  results.push(r);
}
console.log("\nBase images:");
for (const r of results) {
  const size = r.sizeMb !== undefined ? `${r.sizeMb} MB` : "";
  console.log(
    `  ${r.image.padEnd(24)} ${r.status.padEnd(8)} ${size.padStart(9)}  ${
      (r.ms / 1000).toFixed(1)
    } s`,
  );
}
const failed = results.filter((r) => r.status === "failed").length;
console.log(
  failed
    ? `\n${failed} failed.`
    : "\nAll base images ready. Build templates with --build-arg BASE_IMAGE=denofn/base-<runtime> (the platform does it by itself).",
);
Deno.exit(failed ? 1 : 0);
