// todos: an in-memory JSON API — GET / lists, GET /:id reads one, POST / creates from {"title"}.
import { createHandler } from "denofn/micro";

interface Todo {
  id: number;
  title: string;
  done: boolean;
}

const todos: Todo[] = [];

export default createHandler(async (req, ctx) => {
  const id = ctx.path.match(/^\/(\d+)\/?$/)?.[1];
  if (req.method === "GET" && ctx.path === "/") return todos;
  if (req.method === "GET" && id) {
    return todos.find((t) => t.id === Number(id)) ??
      Response.json({ error: `no todo ${id}` }, { status: 404 });
  }
  if (req.method === "POST" && ctx.path === "/") {
    const body = await req.json().catch(() => undefined);
    if (typeof body?.title !== "string") {
      return Response.json({ error: 'expected {"title": "..."}' }, { status: 400 });
    }
    const todo = { id: todos.length + 1, title: body.title, done: false };
    todos.push(todo);
    return Response.json(todo, { status: 201 });
  }
  return Response.json({ error: `no route ${req.method} ${ctx.path}` }, { status: 404 });
});
