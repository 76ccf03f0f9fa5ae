import { setImmediate as nextTurn } from "node:timers/promises";
import type { Sheet, Workbook } from "./types";

// A plan-import draft keeps the workbook it was read from (up to 10 million characters of text:
// PLAN_READ_LIMITS) so that each later step can show and import it. Turning that much JSON into
// objects in one go holds the server's only thread for about a tenth of a second, and every step
// does it, while every council's requests wait. So the workbook is stored one line per worksheet
// heading and one per row, and read back (and written) a few rows at a time, letting other requests
// in between. JSON writes a newline inside a string as "\n", so a line is always one whole value.

const FORMAT = 2;
/** How long the loop may run before it lets other requests in. */
const TURN_MS = 8;

interface Heading {
  v: typeof FORMAT;
  date1904: boolean;
}
interface SheetHeading {
  sheet: string;
  hidden: boolean;
  rows: number;
}

/** Calls `step` for 0..count-1, pausing for other work whenever a turn has run TURN_MS. */
async function inTurns(count: number, step: (i: number) => void): Promise<void> {
  let turnStarted = performance.now();
  for (let i = 0; i < count; i++) {
    step(i);
    if ((i & 63) === 63 && performance.now() - turnStarted > TURN_MS) {
      await nextTurn();
      turnStarted = performance.now();
    }
  }
}

export async function workbookToText(workbook: Workbook): Promise<string> {
  const lines: string[] = [JSON.stringify({ v: FORMAT, date1904: workbook.date1904 } satisfies Heading)];
  for (const sheet of workbook.sheets) {
    lines.push(
      JSON.stringify({ sheet: sheet.name, hidden: sheet.hidden, rows: sheet.rows.length } satisfies SheetHeading),
    );
    await inTurns(sheet.rows.length, (i) => lines.push(JSON.stringify(sheet.rows[i])));
  }
  return lines.join("\n");
}

export async function workbookFromText(text: string): Promise<Workbook> {
  const lines = text.split("\n");
  const heading = JSON.parse(lines[0]) as Heading | Workbook;
  // Drafts stored before this format (one JSON document, one line) live a day at most.
  if ("sheets" in heading) return heading;
  if (heading.v !== FORMAT) throw new Error(`A stored workbook of format ${String(heading.v)} cannot be read`);
  const sheets: Sheet[] = [];
  let line = 1;
  while (line < lines.length) {
    const { sheet: name, hidden, rows: count } = JSON.parse(lines[line++]) as SheetHeading;
    const first = line;
    const rows: Sheet["rows"] = new Array(count);
    await inTurns(count, (i) => {
      rows[i] = JSON.parse(lines[first + i]) as Sheet["rows"][number];
    });
    line += count;
    sheets.push({ name, hidden, rows });
  }
  return { sheets, date1904: heading.date1904 };
}
