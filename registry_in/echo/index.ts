// echo: streams the request body back with the same content type (try a large POST).
export default (req: Request): Response =>
  new Response(req.body, {
    headers: { "content-type": req.headers.get("content-type") ?? "application/octet-stream" },
  });
