// Text written a piece at a time, as UTF-8 bytes in chunks of a useful size.

const CHUNK = 64 * 1024;

/** The pieces of text as UTF-8 byte chunks of about 64 KB (never splitting a character). */
export async function* textBytes(pieces: Iterable<string> | AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = "";
  for await (const piece of pieces) {
    pending += piece;
    if (pending.length >= CHUNK) {
      yield encoder.encode(pending);
      pending = "";
    }
  }
  if (pending) yield encoder.encode(pending);
}
