"""denofn Python launcher: serves handler.handle(req) over HTTP with the standard library only.

handle(req) gets a Request with method, path, query (dict of lists), raw_query, headers (dict,
lower-case keys) and body (bytes). It returns str, bytes, a dict or list (JSON), None (204), or a
tuple (body, status) / (body, status, headers).
"""
import json
import os
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handler  # noqa: E402  (the function's handler.py)

HEALTH = "/__denofn/health"


class Request:
    def __init__(self, method, target, headers, body):
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path or "/"
        self.raw_query = parts.query
        self.query = parse_qs(parts.query)
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body or b"null")


def encode(result):
    status, headers = 200, {}
    if isinstance(result, tuple):
        body = result[0]
        status = int(result[1]) if len(result) > 1 else 200
        headers = dict(result[2]) if len(result) > 2 and result[2] else {}
    else:
        body = result
    lower = {k.lower() for k in headers}
    if body is None:
        return (204 if status == 200 else status), headers, b""
    if isinstance(body, bytes):
        ctype = "application/octet-stream"
    elif isinstance(body, str):
        body, ctype = body.encode(), "text/plain; charset=utf-8"
    else:
        body, ctype = json.dumps(body).encode(), "application/json"
    if "content-type" not in lower:
        headers["content-type"] = ctype
    return status, headers, body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "denofn-python"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        """The request body: Content-Length, or chunked (a body streamed without a length)."""
        if "chunked" in (self.headers.get("transfer-encoding") or "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass  # trailer fields
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def run(self):
        if self.path == HEALTH:
            return self.send(200, {"content-type": "text/plain"}, b"ok")
        body = self.read_body()
        try:
            req = Request(self.command, self.path, self.headers, body)
            self.send(*encode(handler.handle(req)))
        except Exception as e:  # the function threw: 500 with a JSON error, details on stderr
            traceback.print_exc()
            err = json.dumps({"error": f"{type(e).__name__}: {e}"}).encode()
            self.send(500, {"content-type": "application/json"}, err)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = run


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8080"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    server.daemon_threads = True
    print(f"denofn python launcher listening on :{port}", flush=True)
    server.serve_forever()
