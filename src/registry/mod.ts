/**
 * The registry: turns function folders (`registry_in/<name>/`) into build records and bundles
 * (`registry/<name>.json` + `<name>.js`), and feeds those records to the router: by event in
 * one process, through the shared folder and the registry API across processes.
 * @module
 */
export { describeBuild, startRegistry } from "./registry.ts";
export type { Registry } from "./registry.ts";
export type { RegistryOptions } from "./options.ts";
export type { Verify } from "./build/build_function.ts";
export type { BuildContext, Builder, BuildOutput } from "./build/builder.ts";
export { type FunctionRecord, functionRecordSchema } from "../manifest/record.ts";
export { createDenoBuilder, type DenoBuilderOptions, STAGING_DIR } from "./build/deno_builder.ts";
export {
  type Catalog,
  type CatalogEvent,
  type CatalogOptions,
  watchCatalog,
} from "./catalog/catalog.ts";
export { contentHash } from "./source/hash.ts";
export { ENTRY_CANDIDATES } from "./build/entry.ts";
export { bundleFileName, readRecordFile, recordFileName } from "./catalog/out_files.ts";
export type { RegistryControl } from "./control.ts";
export { connectRegistry, type RemoteRegistryOptions } from "./remote/client.ts";
export { createRegistryApi, REGISTRY_API } from "./remote/routes.ts";
