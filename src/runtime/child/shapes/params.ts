/**
 * The parameter names of a function, read from its source text: how `auto` tells `(req, res)`
 * from `(req, ctx)` and `(context, req)`, since the arity alone cannot. Bundles keep names.
 */

const ARROW_ONE = /^(?:async\s*)?([A-Za-z_$][\w$]*)\s*=>/;

/**
 * Names of the declared parameters: a rest parameter as `...name`, a destructured or defaulted
 * one as `?`; `[]` when unknown.
 */
export function paramNames(fn: unknown): string[] {
  if (typeof fn !== "function") return [];
  let text: string;
  try {
    text = Function.prototype.toString.call(fn);
  } catch {
    return [];
  }
  const one = ARROW_ONE.exec(text);
  if (one) return [one[1]];
  const open = text.indexOf("(");
  if (open < 0) return [];
  let depth = 0;
  let end = open;
  for (; end < text.length; end++) {
    const c = text[end];
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      if (--depth === 0) break;
    }
  }
  const inner = text.slice(open + 1, end).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "").trim();
  if (!inner) return [];
  const names: string[] = [];
  let part = "";
  depth = 0;
  for (const c of inner) {
    if (c === "(" || c === "{" || c === "[") depth++;
    if (c === ")" || c === "}" || c === "]") depth--;
    if (c === "," && depth === 0) {
      names.push(part);
      part = "";
    } else part += c;
  }
  if (part.trim()) names.push(part);
  return names.map((p) => /^\s*((?:\.\.\.)?[A-Za-z_$][\w$]*)\s*$/.exec(p)?.[1] ?? "?");
}
