/**
 * Tar archives for deployment: a streaming reader (ustar, GNU long names, pax), a writer, safe
 * extraction of untrusted archives, and packing of a folder.
 * @module
 */
export { type TarEntryType, TarError } from "./header.ts";
export { readTar, type ReadTarOptions, type TarEntry } from "./read.ts";
export { gzip, type TarInput, writeTar } from "./write.ts";
export { linkStaysInside, MAX_PATH_LENGTH, safeRelativePath } from "./safe_path.ts";
export { extractEntries, type ExtractLimits, type ExtractResult, untarGz } from "./extract.ts";
export { PACK_EXCLUDES, packDir, type Packed, type PackOptions } from "./pack.ts";
