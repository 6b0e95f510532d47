/**
 * The function manifest (`registry.json`): its schema, validation and names.
 * @module
 */
export { FUNCTION_NAME_PATTERN, isValidFunctionName } from "./name.ts";
export {
  DEFAULT_MANIFEST_DEFAULTS,
  type Manifest,
  type ManifestDefaults,
  manifestSchema,
  MAX_ENV_VALUE,
  type Permissions,
  type Shape,
  SHAPES,
} from "./schema.ts";
export {
  ManifestError,
  manifestTooLarge,
  MAX_MANIFEST_BYTES,
  parseManifest,
  parseManifestText,
} from "./parse.ts";
export { covers, insideFolder, normalizeRelative } from "./paths.ts";
export {
  envNameProblems,
  hostProblems,
  MAX_GRANT_PATH,
  MAX_GRANTS,
  pathProblems,
  runProblems,
  VALUE_CHECKS,
} from "./values.ts";
export {
  REFUSED_ENV,
  refusedEnvReason,
  type RefusedFamily,
  refusedGrantReason,
  REQUEST_ENV_NAMES,
} from "./env_names.ts";
export { DEFINING_FILES, writeGrantProblems, type WriteProblem } from "./write_rules.ts";
export { confineGrants, type ConfineOptions } from "./grants.ts";
export { isInside, resolveReal, UnresolvablePath } from "./real_path.ts";
export { linkLeadsOut, linksOutUnder, type LinkWalk, MAX_GRANT_WALK } from "./links.ts";
export {
  handlerProblems,
  type HandlerRef,
  MAX_HANDLER_LENGTH,
  parseHandlerRef,
} from "./handler_ref.ts";
