// The checksums that audio containers carry, table-driven (one table lookup a byte):
// Ogg pages' CRC-32 and FLAC frames' CRC-8 (header) and CRC-16 (whole frame), all
// MSB-first with initial value 0 and no final XOR.

function table(poly: number, width: number): Uint32Array {
  const top = 2 ** (width - 1);
  const out = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte * 2 ** (width - 8);
    for (let bit = 0; bit < 8; bit++) crc = (crc >= top ? ((crc - top) * 2) ^ poly : crc * 2) >>> 0;
    out[byte] = crc;
  }
  return out;
}

const crc32Table = table(0x04c11db7, 32);
const crc16Table = table(0x8005, 16);
const crc8Table = table(0x07, 8);

/** Ogg's CRC-32 of bytes[start, end), continuing from `crc`. */
export function crc32(bytes: Uint8Array, start: number, end: number, crc = 0): number {
  for (let i = start; i < end; i++) crc = ((crc << 8) ^ crc32Table[((crc >>> 24) ^ bytes[i]) & 0xff]) >>> 0;
  return crc;
}

/** FLAC's CRC-16 of bytes[start, end), continuing from `crc`. */
export function crc16(bytes: Uint8Array, start: number, end: number, crc = 0): number {
  for (let i = start; i < end; i++) crc = ((crc << 8) ^ crc16Table[(crc >>> 8) ^ bytes[i]]) & 0xffff;
  return crc;
}

/** FLAC's CRC-8 of bytes[start, end). */
export function crc8(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = crc8Table[crc ^ bytes[i]];
  return crc;
}
