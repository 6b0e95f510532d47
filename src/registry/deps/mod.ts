/**
 * Checks of the dependency files a function brings (`package.json`, `requirements.txt`): what
 * may be installed, and the stand-ins the runtimes supply instead of registration libraries.
 * @module
 */
export {
  dependencyProblems,
  MAX_DEPENDENCIES,
  MAX_PACKAGE_JSON_BYTES,
  type NpmDependencies,
  npmImportMap,
  readNpmDependencies,
  STAND_IN_PACKAGES,
} from "./package_json.ts";
export {
  checkRequirements,
  MAX_REQUIREMENTS_BYTES,
  normalizeProject,
  PYTHON_STAND_INS,
  type Requirements,
} from "./requirements.ts";
