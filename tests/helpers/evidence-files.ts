import { Document, Packer, Paragraph } from "docx";
import ExcelJS from "exceljs";

// Small real files of each kind the evidence upload accepts, and some it must refuse.

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

/** A minimal one-page PDF. */
export function pdfBytes(marker = ""): Uint8Array {
  return bytes(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n",
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n",
    `trailer<</Root 1 0 R>>\n%${marker}\n%%EOF\n`,
  );
}

/** A 1x1 PNG. */
export function pngBytes(): Uint8Array {
  return new Uint8Array(
    Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    ),
  );
}

export const jpegBytes = () =>
  bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF", [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
export const gifBytes = () => bytes("GIF89a", [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x3b]);
export const webpBytes = () =>
  bytes("RIFF", [26, 0, 0, 0], "WEBPVP8L", [13, 0, 0, 0, 0x2f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
export const exeBytes = () => bytes("MZ", [0x90, 0, 3, 0, 0, 0, 4, 0], "This program cannot be run in DOS mode.");
export const htmlBytes = () => bytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");

export async function docxBytes(text = "Audit of supervision, March 2025"): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function xlsxBytes(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Audit").addRows([
    ["Team", "Cases audited", "Good or better"],
    ["North", 12, 9],
  ]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A zip holding only a text file: not an Office document. */
export function plainZipBytes(): Uint8Array {
  const name = Buffer.from("notes.txt");
  const data = Buffer.from("hello");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return new Uint8Array(Buffer.concat([local, name, data, central, name, end]));
}

/** An OLE compound file whose directory names the given stream, as Word or Excel 97-2003 write it. */
export function oleBytes(streamName: string): Uint8Array {
  const file = Buffer.alloc(512 * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  const entry = (at: number, name: string, type: number) => {
    Buffer.from(`${name}\0`, "utf16le").copy(file, at);
    file.writeUInt16LE((name.length + 1) * 2, at + 64);
    file[at + 66] = type;
  };
  entry(512, "Root Entry", 5);
  entry(512 + 128, streamName, 2);
  return new Uint8Array(file);
}
