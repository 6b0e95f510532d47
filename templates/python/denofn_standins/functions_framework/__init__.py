"""denofn stand-in for functions_framework: @functions_framework.http registers the function,
which the launcher serves with a Flask-like request."""
import sys

_REG = sys.__dict__.setdefault("_denofn_registrations", {"gcf": {}, "azure": {}})


def http(fn):
    _REG["gcf"][fn.__name__] = fn
    return fn


def cloud_event(fn):
    raise RuntimeError(f"cloud_event {fn.__name__}: only HTTP functions run on denofn")


def errorhandler(*_args, **_kwargs):
    return lambda fn: fn
