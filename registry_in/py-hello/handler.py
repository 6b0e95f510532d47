"""A Python function: handle(req) returns str, bytes, a dict (JSON) or (body, status, headers)."""


def handle(req):
    if req.path == "/json":
        return {"method": req.method, "query": req.query, "bytes": len(req.body)}
    if req.method == "POST":
        return (req.body.upper(), 201, {"x-runtime": "python"})
    name = req.query.get("name", ["world"])[0]
    return f"Hello, {name} from Python!"
