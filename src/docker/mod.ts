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
} from "./engine/cli.ts";
export {
  loadTemplate,
  loadTemplates,
  type Template,
  TemplateError,
  type TemplateMeta,
  templateSchema,
} from "./images/template.ts";
export {
  createTemplateBuilders,
  imageTag,
  TemplateBuilder,
  type TemplateBuilderOptions,
} from "./images/template_builder.ts";
export {
  type BaseImageMode,
  baseImageModeFromEnv,
  baseImageVariable,
  chooseBaseImage,
} from "./images/base_choice.ts";
export { type BaseImageResult, buildBaseImage, ensureBaseImages } from "./images/base_images.ts";
export { BASE_IMAGE_SPECS, type BaseImageSpec } from "./images/base_specs.ts";
export {
  containerCreateBody,
  ContainerStarter,
  type ContainerStarterOptions,
} from "./containers/container_starter.ts";
export { demuxLogLines, Engine, engineAddress } from "./engine/engine.ts";
export {
  holderCreateBody,
  type HolderLease,
  NetnsHolders,
  type NetnsHoldersOptions,
} from "./containers/netns_holders.ts";
export { PauseSwitch } from "./containers/pause_switch.ts";
export {
  DEFAULT_NETWORK,
  DEFAULT_OWNER,
  ensureNetwork,
  listContainers,
  networkOwner,
  removeFunctionImages,
  removeLeftoverContainers,
  removeNetwork,
} from "./containers/housekeeping.ts";
export {
  type DockerIdentity,
  dockerIdentity,
  DockerOwnerError,
  networkFor,
  OWNER_PATTERN,
  ownerFor,
  realDataDir,
} from "./owner.ts";
export { type DockerParts, dockerParts, type DockerPartsOptions } from "./parts.ts";
