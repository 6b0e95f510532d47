"""Runs at image build: installs the checked requirements (.denofn/deps/requirements.txt) into
.denofn/site with pip, from the operator's index or none (.denofn/deps/pip.json) and the wheels
the platform copied. Wheels only (--only-binary=:all:): no package code runs at install."""
import json
import os
import subprocess
import sys

DEPS = "/app/.denofn/deps"
lines = [l for l in open(f"{DEPS}/requirements.txt").read().splitlines() if l.strip()]
if not lines:
    sys.exit(0)
index = json.load(open(f"{DEPS}/pip.json")).get("index")
try:
    import pip  # noqa: F401
except ImportError:
    sys.exit("Cannot install requirements.txt: this base image has no pip")
args = [sys.executable, "-m", "pip", "install", "--no-cache-dir", "--disable-pip-version-check",
        "--no-input", "--only-binary=:all:", "--target", "/app/.denofn/site",
        "--find-links", f"{DEPS}/wheels", "-r", f"{DEPS}/requirements.txt"]
args += ["--index-url", index] if index else ["--no-index"]
env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PIP_CONFIG_FILE": os.devnull,
       "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1"}
sys.exit(subprocess.run(args, env=env).returncode)
