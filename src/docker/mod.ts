/**
 * Docker runtimes: runtime templates (`templates/<runtime>/`), the builder that turns a function
 * folder into an image, the starter that runs it as a hardened container under the supervisor,
 * and the offline base images.
 * @module
 */
export {
  docker,
  DOCKER_HINT,
  DockerError,
  type DockerResult,
  dockerStatus,
  imageExists,
  runDocker,
  streamDocker,
} from "./cli.ts";
export {
  loadTemplate,
  loadTemplates,
  type Template,
  TemplateError,
  type TemplateMeta,
  templateSchema,
} from "./template.ts";
export {
  createTemplateBuilders,
  imageTag,
  TemplateBuilder,
  type TemplateBuilderOptions,
} from "./builder.ts";
export {
  type BaseImageMode,
  baseImageModeFromEnv,
  baseImageVariable,
  chooseBaseImage,
} from "./base_choice.ts";
export { type BaseImageResult, buildBaseImage, ensureBaseImages } from "./base_images.ts";
export { BASE_IMAGE_SPECS, type BaseImageSpec } from "./base_specs.ts";
export {
  containerCreateBody,
  ContainerStarter,
  type ContainerStarterOptions,
} from "./container_starter.ts";
export { demuxLogLines, Engine, engineAddress } from "./engine.ts";
export {
  DEFAULT_NETWORK,
  DEFAULT_OWNER,
  ensureNetwork,
  listContainers,
  removeFunctionImages,
  removeLeftoverContainers,
  removeNetwork,
} from "./containers.ts";
export { type DockerParts, dockerParts, type DockerPartsOptions } from "./platform_parts.ts";
