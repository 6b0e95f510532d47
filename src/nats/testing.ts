/**
 * Test helper: a real `nats-server -js` (Debian's package) on a random loopback port with a
 * temporary store folder, stopped and removed after.
 */

/** A running server. */
export interface NatsServer {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Kills it (SIGKILL) and starts it again on the same port and store. */
  restart(): Promise<void>;
  /** Stops it and removes its store. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Whether `nats-server` can be run here. */
export async function hasNatsServer(): Promise<boolean> {
  return await new Deno.Command("nats-server", {
    args: ["--version"],
    stdout: "null",
    stderr: "null",
  })
    .output().then((o) => o.success, () => false);
}

const available = await hasNatsServer();

/**
 * Registers a test that gets a fresh `nats-server -js`, stopped and removed after. Without the
 * binary it FAILS saying how to install it (as `.ci/run` does).
 */
export function natsTest(name: string, fn: (server: NatsServer) => Promise<void>): void {
  Deno.test({
    name,
    // The NATS client keeps timers and sockets a little past close; the server is always stopped.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      if (!available) {
        throw new Error("nats-server is needed for this test: apt-get install -y nats-server");
      }
      await using server = await startNatsServer();
      await fn(server);
    },
  });
}

async function spawn(port: number, storeDir: string) {
  const child = new Deno.Command("nats-server", {
    args: ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir, "-m", "0"],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let seen = "";
  const found = await (async () => {
    const deadline = AbortSignal.timeout(15_000);
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    deadline.addEventListener("abort", () => reader.cancel().catch(() => {}));
    while (true) {
      const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
      if (done) return undefined;
      seen += value;
      const m = /Listening for client connections on [^\n]*:(\d+)/.exec(seen);
      if (m && seen.includes("Server is ready")) {
        // Keep draining stderr so the server never blocks on a full pipe.
        void (async () => {
          while (!(await reader.read().catch(() => ({ done: true }))).done) { /* drain */ }
        })();
        return Number(m[1]);
      }
    }
  })();
  if (!found) {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    throw new Error(`Cannot start nats-server:\n${seen.slice(-2000)}`);
  }
  return { child, port: found };
}

/** Starts `nats-server -js` on a random port of 127.0.0.1 with a fresh store folder. */
export async function startNatsServer(): Promise<NatsServer> {
  const storeDir = await Deno.makeTempDir({ prefix: "denofn-nats-" });
  let proc: Awaited<ReturnType<typeof spawn>>;
  try {
    proc = await spawn(-1, storeDir);
  } catch (e) {
    await Deno.remove(storeDir, { recursive: true }).catch(() => {});
    throw e;
  }
  const port = proc.port;
  const kill = async () => {
    try {
      proc.child.kill("SIGKILL");
    } catch { /* gone */ }
    await proc.child.status;
  };
  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      await kill();
      await Deno.remove(storeDir, { recursive: true }).catch(() => {});
    })();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async restart() {
      await kill();
      proc = await spawn(port, storeDir);
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
