// Runs at image build: puts the stand-ins of registration-only libraries into node_modules
// unless the function brings its own copy, and points /var/openfaas/secrets at the files the
// launcher writes at start (the root file system is read-only then; /tmp is not).
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";

for (const name of ["@google-cloud/functions-framework", "@azure/functions"]) {
  const to = `/app/node_modules/${name}`;
  if (!existsSync(to)) cpSync(`/app/standins/${name}`, to, { recursive: true });
}
mkdirSync("/var/openfaas", { recursive: true });
if (!existsSync("/var/openfaas/secrets")) {
  symlinkSync("/tmp/openfaas-secrets", "/var/openfaas/secrets");
}
