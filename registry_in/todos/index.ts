// todos: a JSON API kept in the denofn store — GET / lists, GET /:id reads one, POST / creates
// from {"title"}, PATCH /:id merges (e.g. {"done": true}), DELETE /:id removes. Ids come from a
// counter document updated with If-Match, so two concurrent creates never share an id.
import { createHandler, store, StoreError } from "denofn/micro";

interface Todo {
  id: number;
  title: string;
  done: boolean;
}

const todos = store<Todo>("todos");
const counters = store<number>("todos");
const COUNTER = "_counter";

async function nextId(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await counters.entry(COUNTER);
    const next = (current?.data ?? 0) + 1;
    try {
      await counters.put(
        COUNTER,
        next,
        current ? { ifMatch: current.version } : { ifNoneMatch: "*" },
      );
      return next;
    } catch (e) {
      if (!(e instanceof StoreError && e.status === 412)) throw e; // someone else got it: retry
    }
  }
  throw new Error("Cannot allocate a todo id: too much contention");
}

export default createHandler(async (req, ctx) => {
  const id = ctx.path.match(/^\/(\d+)\/?$/)?.[1];
  if (ctx.path === "/healthz") return "ok";
  if (req.method === "GET" && ctx.path === "/") {
    const page = await todos.list({ limit: 1000 });
    return page.items.filter((e) => e.id !== COUNTER).map((e) => e.data);
  }
  if (req.method === "GET" && id) {
    return (await todos.get(id)) ?? Response.json({ error: `no todo ${id}` }, { status: 404 });
  }
  if (req.method === "POST" && ctx.path === "/") {
    const body = await req.json().catch(() => undefined);
    if (typeof body?.title !== "string") {
      return Response.json({ error: 'expected {"title": "..."}' }, { status: 400 });
    }
    const todo = { id: await nextId(), title: body.title, done: false };
    await todos.put(String(todo.id), todo, { ifNoneMatch: "*" });
    return Response.json(todo, { status: 201 });
  }
  if (req.method === "PATCH" && id) {
    const body = await req.json().catch(() => undefined);
    if (typeof body !== "object" || body === null) {
      return Response.json({ error: "expected a JSON object" }, { status: 400 });
    }
    try {
      return (await todos.patch(id, { title: body.title, done: body.done })).data;
    } catch (e) {
      if (e instanceof StoreError && e.status === 404) {
        return Response.json({ error: `no todo ${id}` }, { status: 404 });
      }
      throw e;
    }
  }
  if (req.method === "DELETE" && id) {
    return (await todos.delete(id))
      ? new Response(null, { status: 204 })
      : Response.json({ error: `no todo ${id}` }, { status: 404 });
  }
  return Response.json({ error: `no route ${req.method} ${ctx.path}` }, { status: 404 });
});
