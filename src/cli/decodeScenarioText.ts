/**
 * The text of a scenario file from its bytes: UTF-8 (with or without a byte-order mark), or UTF-16
 * with a byte-order mark (what Windows PowerShell 5.1 writes with `>` and `Out-File`), read as such.
 * Anything else gets a one-line reason instead of being parsed as garbage.
 */

/** The text, or why the bytes are not scenario text. */
export type DecodedText = { text: string } | { problem: string };

export function decodeScenarioText(bytes: Uint8Array): DecodedText {
  const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) {
    return { problem: 'the file is UTF-32 text (it starts with a UTF-32 byte-order mark); save it as UTF-8' };
  }
  if (starts(0xff, 0xfe)) return decode('utf-16le', bytes.subarray(2), 'UTF-16 (little-endian, with a byte-order mark)');
  if (starts(0xfe, 0xff)) return decode('utf-16be', bytes.subarray(2), 'UTF-16 (big-endian, with a byte-order mark)');
  const body = starts(0xef, 0xbb, 0xbf) ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul >= 0) {
    const at = nul + 1 + (bytes.length - body.length);
    return { problem: `the file holds a NUL byte (at byte ${at}): it is not text, or UTF-16 without a byte-order mark; save it as UTF-8` };
  }
  return decode('utf-8', body, 'UTF-8');
}

function decode(encoding: string, bytes: Uint8Array, what: string): DecodedText {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { problem: `the file is not valid ${what} text; save it as UTF-8` };
  }
}
