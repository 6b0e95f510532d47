/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits; a second signal exits at once.
 */
export function onShutdownSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) Deno.exit(130);
    stopping = true;
    stop().catch((e) => console.error(e)).finally(() => Deno.exit(0));
  };
  Deno.addSignalListener("SIGINT", handler);
  Deno.addSignalListener("SIGTERM", handler);
}
