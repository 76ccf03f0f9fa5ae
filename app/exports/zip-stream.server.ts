import { Readable } from "node:stream";
import zlib from "node:zlib";

// A zip archive written as it is produced (Word and Excel files are zips of XML parts), so an
// export of any size never holds its whole text in memory: each entry's content is an iterable of
// strings or bytes, deflated through Node's zlib as it comes, and the archive's bytes are yielded
// as soon as zlib gives them. Sizes and checksums follow each entry in a data descriptor, since
// they are not known when its header is written. Every entry carries the same given date, so the
// same content gives the same bytes (a held meeting's pack is compared byte for byte).

export type ZipContent = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export interface ZipEntry {
  name: string;
  content: ZipContent;
}

/** Text is gathered into pieces of about this many characters before it is deflated. */
const PIECE = 64 * 1024;
const MAX_32 = 0xffff_ffff;

interface Written {
  name: Buffer;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** The MS-DOS time and date fields of `date` (UTC), as zip headers store them. */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** The entry's content as byte pieces, counting its length and checksum on the way through. */
async function* measured(content: ZipContent, tally: { crc: number; size: number }): AsyncGenerator<Buffer> {
  let text = "";
  const emit = (bytes: Buffer) => {
    tally.crc = zlib.crc32(bytes, tally.crc);
    tally.size += bytes.length;
    return bytes;
  };
  for await (const piece of content) {
    if (typeof piece === "string") {
      text += piece;
      if (text.length >= PIECE) {
        yield emit(Buffer.from(text, "utf8"));
        text = "";
      }
    } else {
      if (text) {
        yield emit(Buffer.from(text, "utf8"));
        text = "";
      }
      if (piece.byteLength > 0) yield emit(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    }
  }
  if (text) yield emit(Buffer.from(text, "utf8"));
}

function localHeader(name: Buffer, stamp: { time: number; date: number }): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
  header.writeUInt16LE(8, 8); // deflate
  header.writeUInt16LE(stamp.time, 10);
  header.writeUInt16LE(stamp.date, 12);
  // crc and sizes (14..25) stay 0: they follow in the data descriptor.
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name]);
}

function dataDescriptor(entry: Written): Buffer {
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(entry.crc, 4);
  descriptor.writeUInt32LE(entry.compressedSize, 8);
  descriptor.writeUInt32LE(entry.size, 12);
  return descriptor;
}

function centralDirectory(entries: readonly Written[], stamp: { time: number; date: number }, start: number): Buffer {
  const records = entries.map((entry) => {
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4); // made by: MS-DOS, version 2.0
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0808, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt16LE(stamp.time, 12);
    record.writeUInt16LE(stamp.date, 14);
    record.writeUInt32LE(entry.crc, 16);
    record.writeUInt32LE(entry.compressedSize, 20);
    record.writeUInt32LE(entry.size, 24);
    record.writeUInt16LE(entry.name.length, 28);
    // extra, comment, disk, attributes: all 0
    record.writeUInt32LE(entry.offset, 42);
    return Buffer.concat([record, entry.name]);
  });
  const directory = Buffer.concat(records);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(start, 16);
  return Buffer.concat([directory, end]);
}

/**
 * The zip of `entries`, in their order, as byte chunks. Entries are read one at a time and only
 * when the consumer asks for more bytes, so a slow download holds back the building of the file.
 */
export async function* zipStream(
  entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>,
  date: Date,
): AsyncGenerator<Uint8Array> {
  const stamp = dosDateTime(date);
  const written: Written[] = [];
  let offset = 0;
  for await (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const header = localHeader(name, stamp);
    const record: Written = { name, crc: 0, compressedSize: 0, size: 0, offset };
    offset += header.length;
    yield header;

    const tally = { crc: 0, size: 0 };
    const source = Readable.from(measured(entry.content, tally));
    const deflate = zlib.createDeflateRaw({ level: 6 });
    source.once("error", (error) => deflate.destroy(error));
    source.pipe(deflate);
    try {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        record.compressedSize += chunk.length;
        offset += chunk.length;
        yield chunk;
      }
    } finally {
      source.destroy();
      deflate.destroy();
    }
    record.crc = tally.crc;
    record.size = tally.size;
    if (record.size > MAX_32 || record.compressedSize > MAX_32 || offset > MAX_32) {
      throw new Error(`${entry.name} is too large for a zip without Zip64`);
    }
    const descriptor = dataDescriptor(record);
    offset += descriptor.length;
    yield descriptor;
    written.push(record);
  }
  yield centralDirectory(written, stamp, offset);
}

/** Every chunk of a stream in one array (for a file that is stored, such as a held meeting's pack). */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.byteLength;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

/**
 * A web stream (a Response body) that asks the generator for the next chunk only when the client
 * has taken the last, and stops building when the download is abandoned.
 */
export function toWebStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
