// A Deno function run in a container (runtime "deno-container") instead of a subprocess.
export default (req: Request): Response | string | Record<string, unknown> => {
  const url = new URL(req.url);
  if (url.pathname === "/json") return { deno: Deno.version.deno, path: url.pathname };
  return "Hello from a boxed Deno!";
};
