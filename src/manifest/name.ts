/** Names of functions: lowercase letters, digits, `_` and `-`, 1 to 63 characters. */
export const FUNCTION_NAME_PATTERN: RegExp = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Whether `name` is a valid function name (see {@link FUNCTION_NAME_PATTERN}). */
export function isValidFunctionName(name: string): boolean {
  return FUNCTION_NAME_PATTERN.test(name);
}
