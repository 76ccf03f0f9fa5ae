import {
  listedInDetail,
  PACK_DETAIL_LABELS,
  PACK_ORDER_LABELS,
  PACK_SECTION_TITLES,
  type PackSection,
} from "../domain/board-pack-options";
import { formatMeasureValue, IMPACT_LABELS } from "../domain/measures";
import { RAG_LABELS } from "../domain/rag";
import type {
  BoardPackFrame,
  PackAction,
  PackInspection,
  PackActionRow,
  PackMeasure,
  PackRecommendation,
  RagCounts,
} from "../models/board-pack.server";
import { formatDate, formatDateTime } from "../utils/dates";
import {
  CHART_HEIGHT,
  CHART_KEY,
  CHART_WIDTH,
  measureChartPng,
  measureTrendDescription,
} from "./board-pack-chart.server";
import { DetailsCursor, type PackSource, yieldToOthers } from "./board-pack-source.server";
import { ragCellColour } from "./rag-colours.server";
import {
  type Cell,
  type CellValue,
  columnWidths,
  field,
  heading,
  inlineImage,
  internalLink,
  pageBreak,
  paragraph,
  run,
  sideBySide,
  table,
  tableEnd,
  tableRow,
  tableStart,
  text,
  TEXT_WIDTH,
  WordMedia,
  wordPackage,
} from "./wordml.server";
import { documentInstant } from "./xml.server";
import { zipStream } from "./zip-stream.server";
import { inspectionLabel } from "../domain/inspection-label";

// The board pack as a Word document a board secretary can send as it is: a cover with the
// council, board, meeting and date, and the contents; then the sections the lead chose, in this
// order: executive summary, summary (with the RAG key, which every board output carries),
// exceptions, changes since the last board, the plan (each recommendation with its actions) and
// the performance measures (each measure once, with its chart). Written a piece at a time.

const ACTION_COLUMNS = [
  "No.",
  "Action",
  "Owner (service area)",
  "Target date",
  "Status",
  "RAG",
  "Latest update",
  "Evidence",
];
const ACTION_WIDTHS = columnWidths([5, 20, 11, 10, 8, 6, 22, 18]);
const EXCEPTION_COLUMNS = [
  "No.",
  "Action",
  "Owner",
  "Why it is Red",
  "Target date",
  "Recovery date",
  "Lead's commentary",
];
const EXCEPTION_WIDTHS = columnWidths([5, 24, 12, 16, 10, 10, 23]);
const SUMMARY_ROW_COLUMNS = [
  "Rec.",
  "Recommendation",
  "Actions",
  "Red",
  "Amber",
  "Green",
  "Blue",
  "Not scheduled",
  "Overall",
];
const SUMMARY_ROW_WIDTHS = columnWidths([6, 43, 7, 7, 7, 7, 7, 8, 9]);

export const NOT_GIVEN = "Not given";
/** Table rows written between letting other requests run. */
const ROWS_PER_TURN = 200;
/** The figures beside a chart: a table a little under half the page wide. */
const VALUES_TABLE_WIDTH = 7000;

/** A RAG rating as a coloured cell that also says it. */
export function ragCell(rag: string | null, label?: string): Cell {
  const colour = ragCellColour(rag ?? "none");
  return {
    text: label ?? (rag === null ? "No actions" : ((RAG_LABELS as Record<string, string>)[rag] ?? rag)),
    fill: colour.fill,
    colour: colour.text,
    bold: true,
  };
}

/** "Improvement Board, 1 October 2024", or "Board pack" for a pack outside a meeting. */
function meetingLine(pack: BoardPackFrame): string {
  return pack.meeting ? `${pack.meeting.boardName}, ${formatDate(pack.meeting.meetingDate)}` : "Board pack";
}

/** The sections printed, in order; the RAG key goes with the summary, or first when there is none. */
function printedSections(pack: BoardPackFrame): PackSection[] {
  return pack.choices.sections.filter(
    (s) =>
      (s !== "executive_summary" || pack.executiveSummary !== "") &&
      (s !== "measures" || pack.measures.length > 0) &&
      (s !== "changes" || pack.changes !== null),
  );
}

const bookmarkName = (section: PackSection) => `_Pack_${section}`;
const BOOKMARK_IDS: Record<PackSection, number> = {
  executive_summary: 1,
  summary: 2,
  exceptions: 3,
  changes: 4,
  plan: 5,
  measures: 6,
};

function sectionHeading(section: PackSection, pageBreakBefore = false): string {
  return heading(PACK_SECTION_TITLES[section], 1, {
    bookmark: { id: BOOKMARK_IDS[section], name: bookmarkName(section) },
    pageBreakBefore,
  });
}

function cover(pack: BoardPackFrame, sections: PackSection[]): string {
  const included = pack.coverage.filter((c) => c.included);
  const left = pack.coverage.filter((c) => !c.included);
  const lines = [
    paragraph(run(pack.authority.name), { style: "Title" }),
    paragraph(run("Improvement plan: board pack"), { style: "Subtitle" }),
    text(meetingLine(pack), { bold: true, size: 28, after: 60 }),
    text(`The plan as at ${formatDate(pack.asAt)}.`, { size: 24 }),
    text(
      included.length === 0
        ? "This pack covers no inspection: none of the authority's plans is open, and none was chosen."
        : `This pack covers: ${included.map(inspectionLabel).join("; ")}.`,
    ),
  ];
  if (left.length > 0) {
    lines.push(
      text(
        `Not in this pack: ${left.map((c) => `${inspectionLabel(c)}${c.open ? "" : ", closed (every action signed off or withdrawn)"}`).join("; ")}.`,
        { style: "Small" },
      ),
    );
  }
  lines.push(
    text(
      `Level of detail: ${PACK_DETAIL_LABELS[pack.choices.detail].label.toLowerCase()}. Order: ${PACK_ORDER_LABELS[pack.choices.order].toLowerCase()}.`,
      { style: "Small" },
    ),
    paragraph(run("Contents"), { style: "Heading2", keepNext: true }),
    ...sections.map((s) =>
      paragraph(
        [
          internalLink(bookmarkName(s), run(PACK_SECTION_TITLES[s], { colour: "1D70B8" })),
          "<w:r><w:tab/></w:r>",
          field(`PAGEREF ${bookmarkName(s)} \\h`, "", {}, true),
        ],
        { style: "Contents" },
      ),
    ),
    pageBreak(),
  );
  return lines.join("");
}

const countsCells = (c: RagCounts): Cell[] => [
  { text: String(c.total) },
  { text: String(c.red) },
  { text: String(c.amber) },
  { text: String(c.green) },
  { text: String(c.blue) },
  { text: String(c.grey) },
];

function ragHeader(columns: string[]): Cell[] {
  return columns.map((c) => {
    const rag = c === "Not scheduled" ? "grey" : c.toLowerCase();
    return rag === "red" || rag === "amber" || rag === "green" || rag === "blue" || rag === "grey"
      ? ragCell(rag, c)
      : { text: c };
  });
}

function summarySection(pack: BoardPackFrame): string {
  const { summary: s } = pack;
  const headline = [
    "Actions",
    "Signed off",
    "Red",
    "Amber",
    "Green",
    "Blue",
    "Not scheduled",
    "Overdue",
    "No target date",
  ];
  const widths = columnWidths(headline.map(() => 1));
  const out = [
    sectionHeading("summary"),
    table(widths, ragHeader(headline), [
      [
        String(s.total),
        `${s.signedOff} (${s.percentSignedOff}%)`,
        String(s.red),
        String(s.amber),
        String(s.green),
        String(s.blue),
        String(s.grey),
        String(s.overdue),
        String(s.noTargetDate),
      ],
    ]),
  ];
  if (pack.inspections.length > 0) {
    const columns = ["Inspection", "Actions", "Red", "Amber", "Green", "Blue", "Not scheduled"];
    out.push(
      heading("By inspection", 2),
      table(
        columnWidths([45, 9, 9, 9, 9, 9, 10]),
        ragHeader(columns),
        pack.inspections.map((i) => [inspectionLabel(i), ...countsCells(i.counts)]),
      ),
    );
  }
  return out.join("");
}

function ragKey(pack: BoardPackFrame): string {
  return (
    heading("RAG key", 2) +
    table(
      columnWidths([12, 88]),
      ["Rating", "Meaning"],
      pack.ragKey.map((k) => [ragCell(k.rag, k.label), k.definition]),
    )
  );
}

/** A table written a batch of rows at a time, letting other requests run between batches. */
async function* longTable(
  widths: readonly number[],
  header: readonly CellValue[],
  rows: Iterable<readonly CellValue[]>,
): AsyncGenerator<string> {
  yield tableStart(widths) + tableRow(widths, header, true);
  let pending = "";
  let n = 0;
  for (const row of rows) {
    pending += tableRow(widths, row);
    if (++n % ROWS_PER_TURN === 0) {
      yield pending;
      pending = "";
      await yieldToOthers();
    }
  }
  yield pending + tableEnd();
}

async function* exceptionsSection(pack: BoardPackFrame): AsyncGenerator<string> {
  yield sectionHeading("exceptions");
  if (pack.exceptions.length === 0) {
    yield text("No actions are Red.");
    return;
  }
  yield text(
    "Every Red action: why it is Red, the date its owner now expects it done (the recovery date: “not given” when the owner has not given one) and the lead's commentary.",
    { keepNext: true },
  );
  yield* longTable(
    EXCEPTION_WIDTHS,
    EXCEPTION_COLUMNS,
    pack.exceptions.map((e) => [
      e.number,
      e.title,
      e.owner,
      e.reason,
      formatDate(e.targetDate, "Not set"),
      formatDate(e.recoveryDate, NOT_GIVEN),
      e.commentary ?? "None",
    ]),
  );
}

async function* actionList(title: string, items: { reference: string; title: string }[]): AsyncGenerator<string> {
  yield heading(title, 2);
  if (items.length === 0) yield text("None.");
  else
    yield* longTable(
      columnWidths([15, 85]),
      ["Recommendation", "Action"],
      items.map((a) => [a.reference, a.title]),
    );
}

async function* changesSection(pack: BoardPackFrame): AsyncGenerator<string> {
  const changes = pack.changes!;
  yield sectionHeading("changes");
  if (!changes.previousMeeting) {
    yield text(
      pack.meeting
        ? "This is the first pack of this board: there is no earlier held meeting to compare with."
        : "There is no earlier held board meeting to compare with.",
    );
    return;
  }
  yield text(
    `From the end of ${formatDate(changes.previousMeeting.meetingDate)} (the last board) to the end of ${formatDate(changes.until)}.`,
  );
  yield* actionList("Newly signed off", changes.newlySignedOff);
  yield* actionList("Newly overdue", changes.newlyOverdue);
  yield heading("RAG changes", 2);
  if (changes.ragChanges.length === 0) yield text("None.");
  else
    yield* longTable(
      columnWidths([15, 61, 12, 12]),
      ["Recommendation", "Action", "From", "To"],
      changes.ragChanges.map((c) => [c.reference, c.title, ragCell(c.from), ragCell(c.to)]),
    );
  yield heading("Target dates moved", 2);
  if (changes.targetDatesMoved.length === 0) yield text("None.");
  else
    yield* longTable(
      columnWidths([12, 28, 12, 12, 22, 14]),
      ["Recommendation", "Action", "From", "To", "Why", "By, when"],
      changes.targetDatesMoved.map((m) => [
        m.reference,
        m.title,
        formatDate(m.from, "Not set"),
        formatDate(m.to, "Not set"),
        m.reason,
        `${m.by ?? "Unknown"}, ${formatDateTime(m.at)}`,
      ]),
    );
  yield heading("New recommendations", 2);
  if (changes.newRecommendations.length === 0) yield text("None.");
  else
    yield* longTable(
      columnWidths([25, 12, 63]),
      ["Inspection", "Reference", "Recommendation"],
      changes.newRecommendations.map((r) => [r.inspectionTitle, r.reference, r.text]),
    );
  yield heading("New evidence", 2);
  if (changes.newEvidence.length === 0) yield text("None.");
  else
    yield* longTable(
      columnWidths([12, 38, 30, 20]),
      ["Recommendation", "Action", "Evidence", "Added"],
      changes.newEvidence.map((e) => [e.reference, e.title, e.description, formatDateTime(e.createdAt)]),
    );
}

function actionCells(a: PackAction): Cell[] {
  const target =
    formatDate(a.targetDate, "Not set") +
    (a.baselineTargetDate && a.baselineTargetDate !== a.targetDate
      ? `\n(was ${formatDate(a.baselineTargetDate)})`
      : "");
  return [
    { text: a.number },
    { text: a.title },
    { text: a.serviceArea ? `${a.owner} (${a.serviceArea})` : a.owner },
    { text: target },
    { text: a.statusLabel },
    ragCell(a.rag, a.ragLabel),
    { text: a.latestUpdate ? `${formatDate(a.latestUpdate.date)}: ${a.latestUpdate.body}` : "No update yet" },
    {
      text:
        a.evidence.length === 0
          ? "None"
          : a.evidence
              .map((e) => `${e.description} (${e.purpose}${e.date ? `, ${formatDate(e.date)}` : ""})`)
              .join("\n"),
    },
  ];
}

function recommendationIntro(pack: BoardPackFrame, r: PackRecommendation<PackActionRow>): string {
  const facts = [
    r.paragraph ? `Ofsted paragraph ${r.paragraph}` : null,
    r.section,
    `Impact: ${r.impactLevel ? IMPACT_LABELS[r.impactLevel] : "not yet judged"}`,
    r.measureIds.length > 0
      ? `Measures: ${r.measureIds
          .map((id) => pack.measures.find((m) => m.id === id)?.name)
          .filter(Boolean)
          .join("; ")}`
      : null,
  ].filter(Boolean);
  return (
    heading(`Recommendation ${r.number} (${r.reference})`, 3) +
    text(r.text, { keepNext: true }) +
    text(facts.join(". ") + ".", { style: "Small", keepNext: true })
  );
}

async function* planSection(source: PackSource): AsyncGenerator<string> {
  const { pack } = source;
  const detail = pack.choices.detail;
  const listed = (r: PackRecommendation<PackActionRow>) => r.actions.filter((a) => listedInDetail(detail, a.rag));
  const cursor = new DetailsCursor(
    source,
    pack.inspections.flatMap((i) => i.recommendations.flatMap((r) => listed(r).map((a) => a.id))),
  );
  yield sectionHeading("plan", true);
  if (pack.inspections.length === 0) yield text("No plan is covered by this pack.");
  for (const inspection of pack.inspections) {
    yield heading(inspectionLabel(inspection), 2);
    if (detail === "summary") {
      yield* summaryTable(inspection);
      continue;
    }
    let notListed = 0;
    for (const r of inspection.recommendations) {
      const actions = listed(r);
      if (r.actions.length > 0 && actions.length === 0) {
        notListed += 1;
        continue;
      }
      yield recommendationIntro(pack, r);
      if (r.actions.length === 0) {
        yield text("No actions yet: this recommendation is a gap in the plan.", { bold: true });
        continue;
      }
      if (actions.length < r.actions.length) {
        yield text(
          `Also ${r.actions.length - actions.length} Green or Blue ${r.actions.length - actions.length === 1 ? "action" : "actions"}, not listed.`,
          { style: "Small", keepNext: true },
        );
      }
      yield tableStart(ACTION_WIDTHS) + tableRow(ACTION_WIDTHS, ACTION_COLUMNS, true);
      for (const a of actions) yield tableRow(ACTION_WIDTHS, actionCells(await cursor.with(a)));
      yield tableEnd();
    }
    if (notListed > 0) {
      yield text(
        `Not listed: ${notListed} ${notListed === 1 ? "recommendation whose actions are" : "recommendations whose actions are all"} Green or Blue.`,
        { style: "Small" },
      );
    }
  }
}

async function* summaryTable(inspection: PackInspection<PackActionRow>): AsyncGenerator<string> {
  yield tableStart(SUMMARY_ROW_WIDTHS) + tableRow(SUMMARY_ROW_WIDTHS, ragHeader(SUMMARY_ROW_COLUMNS), true);
  let n = 0;
  for (const r of inspection.recommendations) {
    yield tableRow(SUMMARY_ROW_WIDTHS, [
      `${r.number}\n${r.reference}`,
      r.text,
      ...countsCells(r.counts),
      ragCell(r.worstRag),
    ]);
    if (++n % 200 === 0) await yieldToOthers();
  }
  yield tableEnd();
}

function measureSection(m: PackMeasure, media: WordMedia, imageId: number): string {
  const f = (value: number | null) => (value === null ? "Not published" : formatMeasureValue(value, m.unit));
  const headline = table(
    columnWidths([1, 1, 1], VALUES_TABLE_WIDTH),
    ["Baseline", "Latest", "Target"],
    [[m.baseline, m.latest ? `${f(m.latest.value)} (${m.latest.period})` : "No values yet", m.target]],
  );
  const intro =
    heading(`${m.name} (${m.unit === "number" ? "a number" : m.unit})`, 2) +
    text(
      `Linked to ${m.recommendations.length === 1 ? "recommendation" : "recommendations"} ${m.recommendations.join(", ")}. ${m.higherIsBetter ? "Higher is better." : "Lower is better."}`,
      { style: "Small", keepNext: true },
    );
  const png = measureChartPng(m);
  if (!png) return intro + headline;
  const rId = media.add(png);
  const chart =
    paragraph(
      inlineImage(rId, {
        id: imageId,
        widthPx: (CHART_WIDTH * 3) / 4,
        heightPx: (CHART_HEIGHT * 3) / 4,
        title: `Trend: ${m.name}`,
        description: measureTrendDescription(m),
      }),
    ) + text(CHART_KEY, { style: "Small" });
  const figures = table(
    columnWidths([1, 1, 1, 1], VALUES_TABLE_WIDTH),
    ["Period", "Value", "Statistical neighbours", "England"],
    m.values.map((v) => [v.period, f(v.value), f(v.statisticalNeighbours), f(v.england)]),
  );
  // The chart with its key on the left; its headline figures and the values it is drawn from on the right.
  return intro + sideBySide([TEXT_WIDTH - VALUES_TABLE_WIDTH, VALUES_TABLE_WIDTH], [chart, headline + figures]);
}

async function* body(source: PackSource, media: WordMedia): AsyncGenerator<string> {
  const { pack } = source;
  const sections = printedSections(pack);
  yield cover(pack, sections);
  if (!sections.includes("summary")) yield ragKey(pack);
  for (const section of sections) {
    switch (section) {
      case "executive_summary":
        yield (
          sectionHeading("executive_summary") +
          pack.executiveSummary
            .split(/\n\s*\n/)
            .map((p) => text(p.trim()))
            .join("")
        );
        break;
      case "summary":
        yield summarySection(pack) + ragKey(pack);
        break;
      case "exceptions":
        yield* exceptionsSection(pack);
        break;
      case "changes":
        yield* changesSection(pack);
        break;
      case "plan":
        yield* planSection(source);
        break;
      case "measures": {
        yield sectionHeading("measures", true);
        let imageId = 0;
        for (const m of pack.measures) yield measureSection(m, media, (imageId += 1));
        break;
      }
    }
  }
}

/** The title of a pack's files, e.g. "Board pack: Hackney, Improvement Board, 1 October 2024". */
export function packTitle(pack: BoardPackFrame): string {
  return `Board pack: ${pack.authority.name}, ${pack.meeting ? meetingLine(pack) : formatDate(pack.asAt)}`;
}

/** The pack as a .docx, as bytes written while the pack is read. */
export function boardPackDocx(source: PackSource): AsyncGenerator<Uint8Array> {
  const { pack } = source;
  const media = new WordMedia();
  const stamp = documentInstant(pack.asAt);
  return zipStream(
    wordPackage({
      title: packTitle(pack),
      description: "Improvement plan board pack",
      stamp,
      furniture: {
        marking: pack.authority.protectiveMarking,
        headerLeft: `Board pack: ${pack.authority.name}`,
        headerRight: meetingLine(pack),
        footerLeft: `The plan as at ${formatDate(pack.asAt)}`,
      },
      body: body(source, media),
      media,
    }),
    stamp,
  );
}
