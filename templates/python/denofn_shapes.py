"""Calling conventions of Python functions, adapted to one call(request) -> (status, headers, body).

- denofn: handle(req) with a Request (method, path, query, headers, body, text(), json()); the
  Request is also the body as a str, so an OpenFaaS classic handle(req: str) -> str works as is;
- OpenFaaS python3-http: handle(event, context) returning {"statusCode", "body", "headers"};
- AWS Lambda: lambda_handler(event, context) with an API Gateway v1 or v2 event;
- Google Cloud Functions: @functions_framework.http def hello_http(request) (Flask-like request);
- Azure Functions: def main(req: func.HttpRequest) -> func.HttpResponse, or FunctionApp routes.
"""
import base64
import inspect
import json
import sys
import time
from urllib.parse import parse_qs, urlsplit

TEXTUAL = ("text/", "application/json", "application/xml", "application/javascript",
           "application/x-www-form-urlencoded", "application/graphql")


def registrations():
    """Handlers registered by the stand-ins (functions_framework, azure.functions)."""
    return sys.__dict__.setdefault("_denofn_registrations", {"gcf": {}, "azure": {}})


def is_textual(content_type):
    ct = (content_type or "").lower()
    return not ct or ct.startswith(TEXTUAL) or "+json" in ct or "+xml" in ct


class NoHandlerError(Exception):
    pass


class Call:
    """One HTTP call as the launcher read it."""

    def __init__(self, method, target, headers, body, facts):
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path or "/"
        self.raw_query = parts.query
        self.query = parse_qs(parts.query, keep_blank_values=True)
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body
        self.facts = facts

    @property
    def url(self):
        proto = self.headers.get("x-forwarded-proto", "http")
        host = self.headers.get("x-forwarded-host", self.headers.get("host", "localhost"))
        return f"{proto}://{host}{self.path}" + (f"?{self.raw_query}" if self.raw_query else "")

    def single_query(self):
        return {k: v[-1] for k, v in self.query.items()}


class Request(str):
    """denofn's request; also the body as text (OpenFaaS classic handle(req: str))."""

    def __new__(cls, call):
        obj = str.__new__(cls, call.body.decode("utf-8", "replace"))
        obj.method, obj.path, obj.raw_query = call.method, call.path, call.raw_query
        obj.query, obj.headers, obj.body = call.query, call.headers, call.body
        return obj

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body or b"null")


def encode(result, default_type="text/plain; charset=utf-8"):
    """str, bytes, dict/list (JSON), None (204), or a tuple (body, status[, headers])."""
    status, headers = 200, {}
    if isinstance(result, tuple):
        body = result[0]
        rest = list(result[1:])
        if rest and isinstance(rest[0], dict):
            headers = dict(rest.pop(0))
        if rest:
            status = int(rest.pop(0))
        if rest and rest[0]:
            headers = dict(rest[0])
    else:
        body = result
    lower = {k.lower() for k in headers}
    if body is None:
        return (204 if status == 200 else status), headers, b""
    if isinstance(body, (bytes, bytearray)):
        ctype, body = "application/octet-stream", bytes(body)
    elif isinstance(body, str):
        ctype, body = default_type, body.encode()
    else:
        ctype, body = "application/json", json.dumps(body).encode()
    if "content-type" not in lower:
        headers["content-type"] = ctype
    return status, headers, body


# OpenFaaS python3-http ---------------------------------------------------------------------

class Event:
    def __init__(self, call):
        self.body, self.headers, self.method = call.body, call.headers, call.method
        self.query, self.path = call.single_query(), call.path


class Context:
    def __init__(self):
        self.hostname = "denofn"


def openfaas_http(fn, call):
    result = fn(Event(call), Context())
    if isinstance(result, dict) and ("statusCode" in result or "body" in result):
        status, headers, body = encode(result.get("body"))
        headers.update(result.get("headers") or {})
        return int(result.get("statusCode", 200)), headers, body
    return encode(result)


# AWS Lambda --------------------------------------------------------------------------------

class LambdaContext:
    def __init__(self, facts):
        name = facts["name"]
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{name}"
        self.memory_limit_in_mb = str(facts["memoryMb"])
        self.aws_request_id = facts["requestId"]
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = name
        self._deadline = facts["deadline"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


def lambda_event(call, version):
    textual = is_textual(call.headers.get("content-type"))
    body = None
    if call.body:
        body = call.body.decode("utf-8", "replace") if textual else base64.b64encode(call.body).decode()
    b64 = bool(call.body) and not textual
    now = int(time.time() * 1000)
    ip, ua, rid = call.facts["clientIp"], call.headers.get("user-agent", ""), call.facts["requestId"]
    if version == "v2":
        event = {
            "version": "2.0", "routeKey": "$default", "rawPath": call.path,
            "rawQueryString": call.raw_query, "headers": dict(call.headers),
            "requestContext": {
                "accountId": "000000000000", "apiId": "denofn", "requestId": rid,
                "http": {"method": call.method, "path": call.path, "protocol": "HTTP/1.1",
                         "sourceIp": ip, "userAgent": ua},
                "routeKey": "$default", "stage": "$default", "timeEpoch": now,
            },
            "isBase64Encoded": b64,
        }
        if call.query:
            event["queryStringParameters"] = {k: ",".join(v) for k, v in call.query.items()}
        if "cookie" in call.headers:
            event["cookies"] = [c.strip() for c in call.headers["cookie"].split(";")]
        if body is not None:
            event["body"] = body
        return event
    return {
        "resource": "/{proxy+}", "path": call.path, "httpMethod": call.method,
        "headers": dict(call.headers),
        "multiValueHeaders": {k: [v] for k, v in call.headers.items()},
        "queryStringParameters": call.single_query() or None,
        "multiValueQueryStringParameters": call.query or None,
        "pathParameters": {"proxy": call.path[1:]} if call.path != "/" else None,
        "stageVariables": None,
        "requestContext": {
            "accountId": "000000000000", "apiId": "denofn", "resourcePath": "/{proxy+}",
            "httpMethod": call.method, "path": call.path, "stage": "$default",
            "requestId": rid, "requestTimeEpoch": now,
            "identity": {"sourceIp": ip, "userAgent": ua},
        },
        "body": body, "isBase64Encoded": b64,
    }


def lambda_response(result, version):
    if not (isinstance(result, dict) and "statusCode" in result):
        if version == "v1":
            print("Lambda result has no statusCode: API Gateway (v1) answers 502", file=sys.stderr)
            return 502, {"content-type": "application/json"}, b'{"message": "Internal server error"}'
        body = result if isinstance(result, str) else json.dumps(result)
        return 200, {"content-type": "application/json"}, body.encode()
    headers = {}
    for k, vs in (result.get("multiValueHeaders") or {}).items():
        headers[k.lower()] = ", ".join(str(v) for v in vs)
    for k, v in (result.get("headers") or {}).items():
        headers[k.lower()] = str(v)
    cookies = result.get("cookies") or []
    if "content-type" not in headers and version == "v1":
        headers["content-type"] = "application/json"
    body = result.get("body")
    if body is None:
        data = b""
    elif result.get("isBase64Encoded"):
        data = base64.b64decode(body)
    else:
        data = str(body).encode()
    if cookies:
        headers["set-cookie"] = list(cookies)
    return int(result["statusCode"]), headers, data


def call_lambda(fn, call, version):
    return lambda_response(fn(lambda_event(call, version), LambdaContext(call.facts)), version)


# Google Cloud Functions (Flask-like request) ----------------------------------------------

class Args(dict):
    def getlist(self, key):
        return self._all.get(key, [])


class FlaskRequest:
    def __init__(self, call):
        self._call = call
        self.method, self.path, self.headers = call.method, call.path, _Headers(call.headers)
        self.args = Args(call.single_query())
        self.args._all = call.query
        self.data = call.body
        self.url = call.url
        self.query_string = call.raw_query.encode()
        self.remote_addr = call.facts["clientIp"]
        self.content_type = call.headers.get("content-type")
        self.mimetype = (self.content_type or "").split(";")[0].strip()
        ctype = (self.content_type or "").lower()
        self.form = Args({k: v[-1] for k, v in parse_qs(call.body.decode("utf-8", "replace")).items()}) \
            if ctype.startswith("application/x-www-form-urlencoded") else Args()
        self.form._all = {}
        self.values = Args({**self.args, **self.form})
        self.values._all = {}
        self.is_json = "json" in ctype

    def get_data(self, as_text=False, **_):
        return self.data.decode("utf-8", "replace") if as_text else self.data

    def get_json(self, force=False, silent=False, cache=True):
        if not (force or self.is_json):
            return None
        try:
            return json.loads(self.data or b"null")
        except ValueError:
            if silent:
                return None
            raise

    @property
    def json(self):
        return self.get_json()


class _Headers(dict):
    def get(self, key, default=None):
        return super().get(key.lower(), default)

    def __getitem__(self, key):
        return super().__getitem__(key.lower())

    def __contains__(self, key):
        return super().__contains__(key.lower())


def call_gcf(fn, call):
    result = fn(FlaskRequest(call))
    if hasattr(result, "_denofn_response"):
        return result._denofn_response()
    return encode(result, "text/html; charset=utf-8")


# Azure Functions -------------------------------------------------------------------------

def call_azure(fn, call):
    import azure.functions as func  # the stand-in unless the real package is installed
    req = func.HttpRequest(call.method, call.url, headers=dict(call.headers),
                           params=call.single_query(), route_params={}, body=call.body)
    result = fn(req)
    if hasattr(result, "_denofn_response"):
        return result._denofn_response()
    if hasattr(result, "status_code") and hasattr(result, "get_body"):
        headers = dict(getattr(result, "headers", {}) or {})
        if getattr(result, "mimetype", None):
            headers.setdefault("content-type", result.mimetype)
        return int(result.status_code), headers, result.get_body()
    return encode(result)


# Resolution -------------------------------------------------------------------------------

def params(fn):
    try:
        return [p.name for p in inspect.signature(fn).parameters.values()]
    except (TypeError, ValueError):
        return []


def own_function(module, name):
    value = vars(module).get(name)
    if not callable(value):
        names = [k for k, v in vars(module).items() if callable(v) and not k.startswith("_")
                 and getattr(v, "__module__", None) == module.__name__]
        raise NoHandlerError(
            f'handler "{name}" is not a function of {module.__name__} (it defines {", ".join(names) or "none"})')
    return value


def guess(fn, name):
    ps = params(fn)
    if len(ps) >= 2 and ps[0] == "event":
        return "openfaas" if name == "handle" else "lambda"
    if ps[:1] == ["request"]:
        return "gcf"
    if name == "main" and ps[:1] == ["req"] and "azure.functions" in sys.modules:
        return "azure"
    return "web"


def adapt(shape, fn, settings):
    if shape == "lambda":
        return lambda call: call_lambda(fn, call, settings.get("lambdaEvent", "v1"))
    if shape == "openfaas" and len(params(fn)) >= 2:
        return lambda call: openfaas_http(fn, call)
    if shape == "gcf" or shape == "express":
        return lambda call: call_gcf(fn, call)
    if shape == "azure":
        return lambda call: call_azure(fn, call)
    return lambda call: encode(fn(Request(call)))


def resolve(module, settings):
    """(shape, what was found, call) for the module's handler."""
    shape = settings.get("shape", "auto")
    name = settings.get("handler")
    reg = registrations()
    if name:
        fn = reg["gcf"].get(name) or reg["azure"].get(name) or own_function(module, name)
        s = shape if shape != "auto" else (
            "gcf" if name in reg["gcf"] else "azure" if name in reg["azure"] else guess(fn, name))
        return s, f"function {name}", adapt(s, fn, settings)
    for kind in ("gcf", "azure"):
        if len(reg[kind]) > 1:
            raise NoHandlerError(f'{len(reg[kind])} functions are registered ({", ".join(reg[kind])}); '
                                 'set "handler" in registry.json to the one to serve')
        if reg[kind]:
            key, fn = next(iter(reg[kind].items()))
            return kind, f"registered {key}", adapt(kind, fn, settings)
    for candidate in ("handle", "lambda_handler", "handler", "main"):
        fn = vars(module).get(candidate)
        if callable(fn):
            s = shape if shape != "auto" else guess(fn, candidate)
            return s, f"function {candidate}", adapt(s, fn, settings)
    raise NoHandlerError(
        f"no handler in {module.__name__}: define handle(req), handle(event, context), "
        'lambda_handler(event, context), or name it with "handler" in registry.json')
