import JSZip from "jszip";

/**
 * Re-packs an Office file (a zip) with every entry dated `date` and in name order, so the same
 * pack gives the same bytes whenever it is built (docx and exceljs stamp entries with the clock).
 */
export async function normaliseZip(bytes: Uint8Array, date: Date): Promise<Uint8Array> {
  const source = await JSZip.loadAsync(bytes);
  const target = new JSZip();
  // [Content_Types].xml first, as Office expects; then the rest by name.
  const names = Object.keys(source.files)
    .filter((name) => !source.files[name].dir)
    .sort(
      (a, b) =>
        Number(b === "[Content_Types].xml") - Number(a === "[Content_Types].xml") || (a < b ? -1 : a > b ? 1 : 0),
    );
  for (const name of names) {
    target.file(name, await source.files[name].async("uint8array"), { date, createFolders: false });
  }
  return target.generateAsync({ type: "uint8array", compression: "DEFLATE", platform: "DOS" });
}

/** Noon UTC on the pack's date: a fixed instant for document metadata. */
export function packInstant(asAt: string): Date {
  return new Date(`${asAt}T12:00:00Z`);
}
