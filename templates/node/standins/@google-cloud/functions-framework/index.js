// denofn stand-in for @google-cloud/functions-framework: functions.http(name, fn) registers the
// handler, which the launcher serves as an Express-style (req, res) function.
const key = Symbol.for("denofn.registrations");
const registry = () => (globalThis[key] ??= { gcf: new Map(), azure: new Map() });
exports.http = (name, fn) => void registry().gcf.set(name, fn);
exports.cloudEvent = (name) => {
  throw new Error(`cloudEvent("${name}"): only HTTP functions run on denofn`);
};
