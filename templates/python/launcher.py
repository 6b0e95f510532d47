"""denofn Python launcher: serves the function in whichever shape it is written (denofn's
handle(req), OpenFaaS classic and python3-http, AWS Lambda, Google Cloud Functions, Azure), with the
standard library only. Settings come from .denofn/function.json (written at build); installed
dependencies from .denofn/site; stand-ins of registration libraries come last on the path. In
stdin mode each call runs denofn_stdin.py in a fresh process.

A handler's return value: str, bytes, a dict or list (JSON), None (204), or a tuple
(body, status) / (body, status, headers).
"""
import importlib.util
import json
import os
import subprocess
import sys
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APP = os.path.dirname(os.path.abspath(__file__))
SETTINGS = json.load(open(os.path.join(APP, ".denofn", "function.json")))
sys.path.insert(0, APP)
sys.path.insert(1, os.path.join(APP, ".denofn", "site"))
sys.path.append(os.path.join(APP, "denofn_standins"))  # last: an installed copy wins

import denofn_shapes as shapes  # noqa: E402

HEALTH = "/__denofn/health"
# The variables of the image and the platform, not the function's.
OWN = ("PATH", "HOME", "HOSTNAME", "LANG", "TERM", "PWD", "SHLVL", "PORT", "GPG_KEY")
OWN_PREFIX = ("PYTHON", "DENO", "OTEL_", "LC_", "NODE_")


def function_env():
    return {k: v for k, v in os.environ.items() if k not in OWN and not k.startswith(OWN_PREFIX)}


def write_openfaas_secrets(env):
    """OpenFaaS functions read secrets as files: each variable is also /var/openfaas/secrets/<name>."""
    try:
        os.makedirs("/tmp/openfaas-secrets", mode=0o700, exist_ok=True)
        for name, value in env.items():
            for file in {name, name.lower().replace("_", "-")}:
                with open(f"/tmp/openfaas-secrets/{file}", "w") as f:
                    f.write(value)
    except OSError:
        pass


def load_entry(entry):
    """Imports the entry file as a module named by its path (`main`, `pkg.mod`)."""
    rel = entry[:-3] if entry.endswith(".py") else entry
    name = rel.replace("/", ".")
    if name.endswith(".__init__"):
        name = name[: -len(".__init__")]
    path = os.path.join(APP, entry)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


if SETTINGS.get("mode") != "stdin":
    write_openfaas_secrets(function_env())
    try:
        SHAPE, FOUND, CALL = shapes.resolve(load_entry(SETTINGS["entry"]), SETTINGS)
        print(f"serving {FOUND} as {SHAPE}", flush=True)
    except shapes.NoHandlerError as e:
        print(f'Cannot start "{SETTINGS["name"]}": {e}', file=sys.stderr, flush=True)
        sys.exit(70)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "denofn-python"
    # TCP_NODELAY, and each response in one write (below): a response written as headers then
    # body waits for the peer's delayed ACK under Nagle (~40 ms a call).
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def send(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            for one in (v if isinstance(v, list) else [v]):
                self.send_header(k, one)
        self.send_header("content-length", str(len(body)))
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD" and body:
            self._headers_buffer.append(body)
        self.flush_headers()  # head and body in one write

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

    def facts(self):
        xff = self.headers.get("x-forwarded-for") or ""
        return {
            "name": SETTINGS["name"],
            "requestId": self.headers.get("x-request-id") or "",
            "clientIp": xff.split(",")[-1].strip() if xff else "127.0.0.1",
            "memoryMb": SETTINGS.get("memoryMb", 256),
            "deadline": time.time() * 1000 + SETTINGS.get("timeoutMs", 30000),
        }

    def stdin_call(self, body):
        target = self.path.split("?", 1)
        env = dict(os.environ, DENOFN_METHOD=self.command, DENOFN_PATH=target[0],
                   DENOFN_QUERY=target[1] if len(target) > 1 else "",
                   DENOFN_REQUEST_ID=self.headers.get("x-request-id") or "",
                   DENOFN_HEADERS=json.dumps({k.lower(): v for k, v in self.headers.items()}))
        done = subprocess.run([sys.executable, os.path.join(APP, "denofn_stdin.py")], input=body,
                              stdout=subprocess.PIPE, env=env, cwd=APP)
        out = done.stdout
        head, _, rest = out.partition(b"\n")
        try:
            meta = json.loads(head) if done.returncode == 0 else None
        except ValueError:
            meta = None
        if not meta:
            return self.send(500, {"content-type": "text/plain; charset=utf-8",
                                   "x-exit-code": str(done.returncode)}, out)
        headers = {}
        for k, v in meta["headers"]:
            headers.setdefault(k, []).append(v)
        headers["x-exit-code"] = "0"
        self.send(meta["status"], headers, b"" if meta["status"] in (204, 304) else rest)

    def run(self):
        if self.path == HEALTH:
            return self.send(200, {"content-type": "text/plain"}, b"ok")
        body = self.read_body()
        if SETTINGS.get("mode") == "stdin":
            return self.stdin_call(body)
        try:
            call = shapes.Call(self.command, self.path, self.headers, body, self.facts())
            self.send(*CALL(call))
        except Exception as e:  # the function threw: 500 with a JSON error, details on stderr
            traceback.print_exc()
            err = {"error": f"{type(e).__name__}: {e}", "code": "function_error",
                   "function": SETTINGS["name"], "requestId": self.headers.get("x-request-id")}
            self.send(500, {"content-type": "application/json"}, json.dumps(err).encode())

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = run


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8080"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    server.daemon_threads = True
    print(f"denofn python launcher listening on :{port}", flush=True)
    server.serve_forever()
