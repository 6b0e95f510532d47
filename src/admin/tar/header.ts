/** The fixed layout of a 512-byte tar header (POSIX ustar, with GNU and pax extensions). */

/** Block size of the tar format. */
export const BLOCK = 512;

/** The kinds of entries a tar may hold. */
export type TarEntryType =
  | "file"
  | "dir"
  | "symlink"
  | "hardlink"
  | "gnu-longname"
  | "gnu-longlink"
  | "pax"
  | "pax-global"
  | "other";

/** A decoded header block. */
export interface TarHeader {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  type: TarEntryType;
  /** The raw type flag character (`0`, `5`, `2`, `L`, `x`, ...). */
  flag: string;
  linkname: string;
}

const decoder = new TextDecoder();

function text(block: Uint8Array, at: number, len: number): string {
  const field = block.subarray(at, at + len);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

function number(block: Uint8Array, at: number, len: number): number {
  const field = block.subarray(at, at + len);
  if (field[0] & 0x80) {
    // GNU base-256: big-endian, the top bit of the first byte marks it.
    let n = field[0] & 0x7f;
    for (let i = 1; i < len; i++) n = n * 256 + field[i];
    return n;
  }
  const s = text(block, at, len).trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarError(`bad octal number "${s}" in header`);
  return parseInt(s, 8);
}

const FLAGS: Record<string, TarEntryType> = {
  "0": "file",
  "\0": "file",
  "7": "file",
  "1": "hardlink",
  "2": "symlink",
  "5": "dir",
  "L": "gnu-longname",
  "K": "gnu-longlink",
  "x": "pax",
  "g": "pax-global",
};

/** A tar archive that cannot be read, or that breaks a safety rule. */
export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TarError";
  }
}

/** Sum of the header bytes with the checksum field counted as spaces. */
export function checksum(block: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
  return sum;
}

/** Whether a block is all zeros (the end-of-archive marker). */
export function isZeroBlock(block: Uint8Array): boolean {
  for (const b of block) if (b !== 0) return false;
  return true;
}

/** Decodes a header block, checking its checksum. */
export function decodeHeader(block: Uint8Array): TarHeader {
  const stored = number(block, 148, 8);
  if (stored !== checksum(block)) throw new TarError("bad header checksum (not a tar archive?)");
  const flag = String.fromCharCode(block[156]);
  let name = text(block, 0, 100);
  const magic = text(block, 257, 6);
  const prefix = magic === "ustar" ? text(block, 345, 155) : "";
  if (prefix) name = `${prefix}/${name}`;
  return {
    name,
    mode: number(block, 100, 8),
    size: number(block, 124, 12),
    mtime: number(block, 136, 12),
    type: FLAGS[flag] ?? "other",
    flag,
    linkname: text(block, 157, 100),
  };
}

/** Parses pax extended header records (`<len> <key>=<value>\n`). */
export function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const len = Number(decoder.decode(data.subarray(at, space)));
    if (!Number.isInteger(len) || len <= 0 || at + len > data.length) {
      throw new TarError("bad pax extended header");
    }
    const record = decoder.decode(data.subarray(space + 1, at + len - 1));
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}
