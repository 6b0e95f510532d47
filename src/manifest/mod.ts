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
  type Permissions,
} from "./schema.ts";
export { ManifestError, parseManifest, parseManifestText } from "./parse.ts";
export { insideFolder } from "./paths.ts";
