"""One stdin-mode call: reads the body, calls handle(input, env) of the function once, and writes
a JSON head line ({"status", "headers"}) and the body to stdout. print() goes to stderr (the
function's log), never into the answer. `env` holds method, path, query, headers, requestId,
functionName, the function's variables (`env["env"]`), and `code`, the status it may set."""
import json
import os
import sys

out = os.fdopen(os.dup(1), "wb")
sys.stdout = sys.stderr

from launcher import SETTINGS, function_env, load_entry  # noqa: E402
import denofn_shapes as shapes  # noqa: E402


class Environment(dict):
    __getattr__ = dict.get

    def __setattr__(self, key, value):
        self[key] = value


def main():
    data = sys.stdin.buffer.read()
    headers = json.loads(os.environ.get("DENOFN_HEADERS") or "{}")
    query = os.environ.get("DENOFN_QUERY", "")
    env = Environment(
        method=os.environ.get("DENOFN_METHOD"), path=os.environ.get("DENOFN_PATH"),
        query={k: v[-1] for k, v in shapes.parse_qs(query).items()}, raw_query=query,
        headers=headers, requestId=os.environ.get("DENOFN_REQUEST_ID"),
        functionName=SETTINGS["name"], env=function_env(), code=200)
    text = shapes.is_textual(headers.get("content-type"))
    try:
        module = load_entry(SETTINGS["entry"])
        name = SETTINGS.get("handler")
        fn = shapes.own_function(module, name) if name else next(
            (vars(module)[n] for n in ("handle", "handler", "main") if callable(vars(module).get(n))), None)
        if fn is None:
            raise shapes.NoHandlerError("stdin mode calls a handler: def handle(input, env)")
        status, hdrs, body = shapes.encode(fn(data.decode("utf-8", "replace") if text else data, env))
        if env["code"] != 200 and status == 200:
            status = int(env["code"])
    except Exception as e:
        import traceback
        traceback.print_exc()
        status, hdrs = 500, {"content-type": "application/json"}
        body = json.dumps({"error": f"{type(e).__name__}: {e}", "code": "function_error",
                           "function": SETTINGS["name"], "requestId": env["requestId"]}).encode()
    out.write(json.dumps({"status": status, "headers": list(hdrs.items())}).encode() + b"\n" + body)
    out.flush()


main()
