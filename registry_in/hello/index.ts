// hello: greets `?name=` (default "world") — the smallest createHandler function.
import { createHandler } from "denofn/micro";

export default createHandler((req) => {
  const name = new URL(req.url).searchParams.get("name") ?? "world";
  return `Hello, ${name}!`;
});
