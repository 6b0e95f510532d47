"""denofn stand-in for azure.functions: HttpRequest, HttpResponse and FunctionApp routes (the
v2 model's @app.route registers the function, which the launcher serves)."""
import json
import sys

_REG = sys.__dict__.setdefault("_denofn_registrations", {"gcf": {}, "azure": {}})


class AuthLevel:
    ANONYMOUS = "anonymous"
    FUNCTION = "function"
    ADMIN = "admin"


class HttpRequest:
    def __init__(self, method, url, headers=None, params=None, route_params=None, body=b""):
        self.method, self.url = method, url
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        self.params, self.route_params = dict(params or {}), dict(route_params or {})
        self._body = body or b""

    def get_body(self):
        return self._body

    def get_json(self):
        return json.loads(self._body)


class HttpResponse:
    def __init__(self, body=None, status_code=200, headers=None, mimetype=None, charset="utf-8"):
        if isinstance(body, str):
            body = body.encode(charset or "utf-8")
        self._body = body or b""
        self.status_code = int(status_code)
        self.headers = dict(headers or {})
        self.mimetype = mimetype
        self.charset = charset

    def get_body(self):
        return self._body

    def _denofn_response(self):
        headers = dict(self.headers)
        if not any(k.lower() == "content-type" for k in headers):
            mime = self.mimetype or "text/plain"
            headers["content-type"] = f"{mime}; charset={self.charset}" if mime.startswith("text/") else mime
        return self.status_code, headers, self._body


class FunctionApp:
    def __init__(self, http_auth_level=AuthLevel.FUNCTION, **_):
        self.http_auth_level = http_auth_level

    def route(self, route=None, methods=None, auth_level=None, **_):
        def register(fn):
            _REG["azure"][route or fn.__name__] = fn
            return fn
        return register

    def function_name(self, name):
        return lambda fn: fn
