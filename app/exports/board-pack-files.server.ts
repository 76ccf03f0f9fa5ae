import type { BoardPackFormat } from "../../db/schema";
import type { BoardPack } from "../models/board-pack.server";
import { boardPackCsv } from "./board-pack-csv.server";
import { boardPackDocx } from "./board-pack-docx.server";
import { boardPackXlsx } from "./board-pack-xlsx.server";

export const PACK_FORMATS = ["docx", "xlsx", "csv", "json"] as const satisfies readonly BoardPackFormat[];

export const PACK_CONTENT_TYPES: Record<BoardPackFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** The pack's bytes in one format. */
export async function renderBoardPack(pack: BoardPack, format: BoardPackFormat): Promise<Uint8Array> {
  switch (format) {
    case "docx":
      return boardPackDocx(pack);
    case "xlsx":
      return boardPackXlsx(pack);
    case "csv":
      return boardPackCsv(pack);
    case "json":
      return new TextEncoder().encode(JSON.stringify(pack));
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

/** The headers of a pack download, e.g. `hackney-board-pack-2024-10-01.docx`. */
export function packDownloadHeaders(format: BoardPackFormat, fileName: string): HeadersInit {
  return {
    "Content-Type": PACK_CONTENT_TYPES[format],
    "Content-Disposition": `attachment; filename="${fileName}.${format}"`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
  };
}
