// denofn stand-in for @azure/functions (v4 model): app.http(name, { handler }) registers the
// handler, which the launcher serves; HttpResponse wraps an answer.
const key = Symbol.for("denofn.registrations");
const registry = () => (globalThis[key] ??= { gcf: new Map(), azure: new Map() });
const register = (name, options) =>
  void registry().azure.set(name, typeof options === "function" ? options : options.handler);
exports.app = {
  http: register,
  get: register,
  post: register,
  put: register,
  patch: register,
  deleteRequest: register,
  setup() {},
};
exports.HttpResponse = class HttpResponse {
  constructor(init = {}) {
    this.init = init;
  }
};
