// A Node function: the same web-standard (Request) => Response shape as our Deno functions.
export default async function (req) {
  const url = new URL(req.url);
  if (req.method === "POST") {
    return new Response((await req.text()).toUpperCase(), {
      status: 201,
      headers: { "x-runtime": "node" },
    });
  }
  if (url.pathname === "/json") return { node: process.version, path: url.pathname };
  return new Response(`Hello, ${url.searchParams.get("name") ?? "world"} from Node!`);
}
