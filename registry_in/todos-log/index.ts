// todos-log: a store trigger. Every change of the "todos" collection arrives here as an async
// call (X-Denofn-Trigger: store) with {event, collection, id, before, after, version}; this
// function writes one line per change to its log (denofn logs todos-log).
export default async (req: Request) => {
  const change = await req.json();
  if (change.id === "_counter") return "skipped";
  const title = (change.after ?? change.before)?.title;
  const done = change.after?.done && !change.before?.done ? " (done)" : "";
  console.log(
    `todo ${change.id} ${change.event}${done}: ${JSON.stringify(title)} v${change.version}`,
  );
  return "logged";
};
