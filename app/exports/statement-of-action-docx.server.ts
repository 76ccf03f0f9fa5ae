import { setImmediate as nextTurn } from "node:timers/promises";
import type { StatementOfAction, StatementRecommendation } from "../models/statement-of-action.server";
import { STATEMENT_PAGE_SIZE } from "../models/statement-of-action.server";
import { formatDate } from "../utils/dates";
import {
  columnWidths,
  heading,
  paragraph,
  run,
  tableEnd,
  tableRow,
  tableStart,
  text,
  WordMedia,
  wordPackage,
} from "./wordml.server";
import { documentInstant } from "./xml.server";
import { zipStream } from "./zip-stream.server";

// The statement of action as a Word document, ready to send to Ofsted: the council, the inspection
// and when the statement is due; then, for each recommendation in the report's order, its text and
// a table of its actions with their lead, target date and what good looks like. The council's
// protective marking heads and foots every page, with "Page X of Y". Written a page of
// recommendations at a time.

const COLUMNS = ["No.", "Action", "Lead", "Target date", "What good looks like"];
const WIDTHS = columnWidths([6, 36, 14, 11, 33]);

function recommendationIntro(r: StatementRecommendation): string {
  const facts = [
    r.paragraph ? `Ofsted paragraph ${r.paragraph}` : null,
    r.section,
    r.priority ? "Area for priority action" : null,
    r.timescale ? `Timescale: ${r.timescale.toLowerCase()}${r.dueDate ? ` (by ${formatDate(r.dueDate)})` : ""}` : null,
  ].filter(Boolean);
  return (
    heading(`Recommendation ${r.number} (${r.reference})`, 2) +
    text(r.text, { keepNext: true }) +
    text(`${facts.join(". ")}.`, { style: "Small", keepNext: true })
  );
}

async function* body(statement: StatementOfAction): AsyncGenerator<string> {
  const { authority, inspection, due } = statement;
  yield (
    paragraph(run("Statement of action"), { style: "Title" }) +
    paragraph(run(authority.name), { style: "Subtitle" }) +
    text(
      `In response to ${inspection.title}${inspection.published ? `, published ${formatDate(inspection.published)}` : ""}.`,
      { size: 24 },
    ) +
    text(
      due
        ? `Due to Ofsted by ${formatDate(due.deadline)}: ${due.workingDays} working days after the report was ${due.receivedApproximated ? "published" : "received"} on ${formatDate(due.received)}${due.receivedApproximated ? " (the date it was received is not recorded)" : ""}.`
        : "The date the report was received is not known, so the deadline cannot be worked out.",
      { bold: true },
    ) +
    text(
      "For each recommendation in the report, the actions the local authority is taking, who leads each one, by when, and what good will look like when it is done.",
    ) +
    text(`The plan as at ${formatDate(statement.today)}.`, { style: "Small" })
  );
  if (statement.recommendations.length === 0) {
    yield text("The report has no recommendations.");
    return;
  }
  for (let from = 0; from < statement.recommendations.length; from += STATEMENT_PAGE_SIZE) {
    const page = statement.recommendations.slice(from, from + STATEMENT_PAGE_SIZE);
    const actions = await statement.actionsOf(page.map((r) => r.id));
    for (const r of page) {
      yield recommendationIntro(r);
      const list = actions.get(r.id) ?? [];
      if (list.length === 0) {
        yield text("No actions have been agreed for this recommendation yet.", { bold: true });
        continue;
      }
      yield tableStart(WIDTHS) + tableRow(WIDTHS, COLUMNS, true);
      for (const a of list) {
        yield tableRow(WIDTHS, [
          a.number,
          {
            text: [a.title, a.description.trim(), a.partnerAgency ? `With ${a.partnerAgency}.` : ""]
              .filter(Boolean)
              .join("\n"),
          },
          a.lead,
          formatDate(a.targetDate, "Not set"),
          a.successMeasure.trim() || "Not yet set",
        ]);
      }
      yield tableEnd();
    }
    await nextTurn();
  }
}

/** The statement as a .docx, as bytes written while it is read. */
export function statementOfActionDocx(statement: StatementOfAction): AsyncGenerator<Uint8Array> {
  const stamp = documentInstant(statement.today);
  const title = `Statement of action: ${statement.authority.name}, ${statement.inspection.title}`;
  return zipStream(
    wordPackage({
      title,
      description: "Statement of action for Ofsted",
      stamp,
      furniture: {
        marking: statement.authority.protectiveMarking,
        headerLeft: `Statement of action: ${statement.authority.name}`,
        headerRight: statement.inspection.published
          ? `Report published ${formatDate(statement.inspection.published)}`
          : statement.inspection.title,
        footerLeft: `The plan as at ${formatDate(statement.today)}`,
      },
      body: body(statement),
      media: new WordMedia(),
    }),
    stamp,
  );
}
