import type { BoardPackFormat } from "../../db/schema";
import { boardPackCsv } from "./board-pack-csv.server";
import { boardPackDocx } from "./board-pack-docx.server";
import { boardPackJson } from "./board-pack-json.server";
import type { PackSource } from "./board-pack-source.server";
import { boardPackXlsx } from "./board-pack-xlsx.server";
import { toWebStream } from "./zip-stream.server";

export const PACK_FORMATS = ["docx", "xlsx", "csv", "json"] as const satisfies readonly BoardPackFormat[];

export const PACK_CONTENT_TYPES: Record<BoardPackFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** The pack's bytes in one format, produced as they are read (never the whole file at once). */
export function renderBoardPack(source: PackSource, format: BoardPackFormat): AsyncGenerator<Uint8Array> {
  switch (format) {
    case "docx":
      return boardPackDocx(source);
    case "xlsx":
      return boardPackXlsx(source);
    case "csv":
      return boardPackCsv(source);
    case "json":
      return boardPackJson(source);
  }
}

/** A file name safe for Content-Disposition: lower-case words joined by hyphens. */
export function fileSlug(value: string, fallback: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || fallback
  );
}

/** The headers of a download, e.g. `hackney-board-pack-2024-10-01.docx`. */
export function downloadHeaders(contentType: string, fileName: string): HeadersInit {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
  };
}

/** The headers of a pack download, e.g. `hackney-board-pack-2024-10-01.docx`. */
export function packDownloadHeaders(format: BoardPackFormat, fileName: string): HeadersInit {
  return downloadHeaders(PACK_CONTENT_TYPES[format], `${fileName}.${format}`);
}

/** A download whose body is written as the client reads it. */
export function streamedDownload(chunks: AsyncIterable<Uint8Array>, headers: HeadersInit): Response {
  return new Response(toWebStream(chunks), { headers });
}
