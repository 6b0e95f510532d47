/**
 * A hello-world upstream on a Unix socket, as a function instance would be. Prints `ready` once
 * it listens. Usage: `deno run -A hello_unix.ts <socket path>`.
 * @module
 */
const path = Deno.args[0];
try {
  Deno.removeSync(path);
} catch { /* not there */ }
Deno.serve({ path, onListen: () => console.log("ready") }, () => new Response("Hello, world!"));
