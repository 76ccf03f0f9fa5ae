import JSZip from "jszip";
import mammoth from "mammoth";
import type { BoardPackFormat } from "../../db/schema";
import { renderBoardPack } from "../../app/exports/board-pack-files.server";
import { packSource } from "../../app/exports/board-pack-source.server";
import { collectBytes } from "../../app/exports/zip-stream.server";
import type { BoardPack } from "../../app/models/board-pack.server";

// Reading the pack files back in tests: each format's bytes, the text of a Word file, and any XML
// part of a Word or Excel file (both are zips).

export async function packFile(pack: BoardPack, format: BoardPackFormat): Promise<Buffer> {
  return Buffer.from(await collectBytes(renderBoardPack(packSource(pack), format)));
}

export async function docxText(bytes: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}

export async function zipPart(bytes: Uint8Array, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file(name);
  if (!file) throw new Error(`${name} is not in the file (it has ${Object.keys(zip.files).join(", ")})`);
  return file.async("string");
}

export async function zipNames(bytes: Uint8Array): Promise<string[]> {
  return Object.keys((await JSZip.loadAsync(bytes)).files);
}

/** The XML of the worksheet with this name in an .xlsx. */
export async function sheetXml(bytes: Uint8Array, name: string): Promise<string> {
  const workbook = await zipPart(bytes, "xl/workbook.xml");
  const rels = await zipPart(bytes, "xl/_rels/workbook.xml.rels");
  const escaped = name.replaceAll("&", "&amp;").replaceAll("'", "&apos;");
  const rId = new RegExp(`<sheet name="${escaped}" sheetId="\\d+" r:id="([^"]+)"`).exec(workbook)?.[1];
  if (!rId) throw new Error(`no sheet named ${name}`);
  const target = new RegExp(`Id="${rId}" [^>]*Target="([^"]+)"`).exec(rels)![1];
  return zipPart(bytes, `xl/${target}`);
}
