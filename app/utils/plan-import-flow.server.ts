import { z } from "zod";
import type { Actor } from "../domain/permissions";
import { chooseSheet, detectHeaderRow, guessMapping, headerLabels } from "../import/spreadsheet/headers";
import { type PlannedRow, planRows, summarisePlan } from "../import/spreadsheet/plan";
import { readWorkbook } from "../import/spreadsheet/read.server";
import {
  cellText,
  type ColumnMapping,
  columnLetter,
  PLAN_FIELDS,
  type SheetCell,
  type Workbook,
} from "../import/spreadsheet/types";
import { getPlanImportTarget, importPlanRows, type PlanImportTarget } from "../models/plan-import.server";
import { notFound } from "./auth.server";
import { formatDate } from "./dates";
import type { FieldErrors } from "./forms";
import { decodeWorkbook, encodeWorkbook } from "./plan-import-request.server";

/** Every step after the upload posts the sheet and the lead's choices back in these fields. */
const column = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? null : Number(v)))
  .pipe(z.number().int().min(0).max(255).nullable());
const stateSchema = z.object({
  inspectionId: z.coerce.number().int().positive(),
  workbook: z.string().min(1),
  fileName: z.string().max(255).default(""),
  sheet: z.coerce.number().int().min(0).default(0),
  shownSheet: z.coerce.number().int().min(0).optional(),
  headerRow: z.string().trim().default(""),
  ...Object.fromEntries(PLAN_FIELDS.map((f) => [`col_${f}`, column])),
});
export const uploadSchema = z.object({
  inspectionId: z.coerce
    .number({ message: "Choose the inspection this plan is for" })
    .int()
    .positive("Choose the inspection this plan is for"),
});

type Step = { status: 200 | 400; body: StageBody };
export type StageBody = Awaited<ReturnType<typeof mappingBody>> | Awaited<ReturnType<typeof previewBody>> | StartBody;
type StartBody = { stage: "start"; errors: FieldErrors };

function start(errors: FieldErrors) {
  return { status: 400 as const, body: { stage: "start" as const, errors } };
}

async function requireTarget(actor: Actor, inspectionId: number): Promise<PlanImportTarget> {
  const target = await getPlanImportTarget(actor, inspectionId);
  if (!target) throw notFound("There is no inspection with that number whose plan you can import into.");
  return target;
}

/** The upload step: read the file, choose a worksheet and header row, and guess the columns. */
export async function uploadPlan(actor: Actor, form: FormData, upload: { bytes: Uint8Array; fileName: string } | null) {
  const errors: FieldErrors = {};
  const parsed = uploadSchema.safeParse({ inspectionId: form.get("inspectionId") ?? undefined });
  if (!parsed.success) errors.inspectionId = "Choose the inspection this plan is for";
  // Another authority's inspection is not there at all, whatever else the form lacks.
  const target = parsed.success ? await requireTarget(actor, parsed.data.inspectionId) : null;
  if (!upload) errors.plan = "Choose an Excel (.xlsx) or CSV file";
  if (!target || !upload) return start(errors);
  const read = await readWorkbook(upload.bytes);
  if (!read.ok) return start({ plan: `The selected file ${read.reason}.` });
  const sheet = chooseSheet(read.workbook.sheets);
  const headerRow = detectHeaderRow(read.workbook.sheets[sheet].rows);
  const mapping = guessMapping(headerLabels(read.workbook.sheets[sheet].rows, headerRow));
  return {
    status: 200 as const,
    body: mappingBody(
      target,
      read.workbook,
      encodeWorkbook(read.workbook),
      upload.fileName,
      sheet,
      headerRow,
      mapping,
      {},
    ),
  };
}

interface State {
  target: PlanImportTarget;
  workbook: Workbook;
  encoded: string;
  fileName: string;
  sheet: number;
  headerRow: number;
  mapping: ColumnMapping;
  errors: FieldErrors;
}

/** The later steps' fields, checked; `redetect` re-guesses header row and columns (another worksheet chosen). */
async function readState(
  actor: Actor,
  form: FormData,
  redetect: boolean,
): Promise<State | { status: 400; body: StartBody }> {
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const parsed = stateSchema.safeParse(values);
  const workbook = parsed.success ? decodeWorkbook(parsed.data.workbook) : null;
  if (!parsed.success || !workbook) return start({ plan: "The spreadsheet could not be read back. Upload it again." });
  const data = parsed.data;
  const target = await requireTarget(actor, data.inspectionId);
  const errors: FieldErrors = {};
  const sheet = Math.min(data.sheet, workbook.sheets.length - 1);
  const rows = workbook.sheets[sheet].rows;
  const sheetChanged = data.shownSheet !== undefined && data.shownSheet !== sheet;
  let headerRow = detectHeaderRow(rows);
  if (data.headerRow !== "" && !sheetChanged) {
    const n = Number(data.headerRow);
    if (Number.isInteger(n) && n >= 1 && n <= Math.max(1, rows.length)) headerRow = n - 1;
    else
      errors.headerRow = `Enter the number of the row with the column headings, from 1 to ${Math.max(1, rows.length)}`;
  }
  const chosen = Object.fromEntries(
    PLAN_FIELDS.map((f) => [f, (data as Record<string, unknown>)[`col_${f}`] ?? null]),
  ) as ColumnMapping;
  const mapping = redetect || sheetChanged ? guessMapping(headerLabels(rows, headerRow)) : chosen;
  return { target, workbook, encoded: data.workbook, fileName: data.fileName, sheet, headerRow, mapping, errors };
}

function mappingBody(
  target: PlanImportTarget,
  workbook: Workbook,
  encoded: string,
  fileName: string,
  sheet: number,
  headerRow: number,
  mapping: ColumnMapping,
  errors: FieldErrors,
) {
  const rows = workbook.sheets[sheet].rows;
  const labels = headerLabels(rows, headerRow);
  return {
    stage: "mapping" as const,
    errors,
    inspection: {
      id: target.inspection.id,
      title: target.inspection.title,
      authorityName: target.inspection.authority_name,
    },
    fileName,
    workbook: encoded,
    sheets: workbook.sheets.map((s, index) => ({ index, name: s.name, hidden: s.hidden, rowCount: s.rows.length })),
    sheet,
    headerRow: headerRow + 1,
    columns: labels.map((label, index) => ({ index, letter: columnLetter(index), label })),
    mapping,
    sample: rows
      .slice(headerRow + 1)
      .filter((row) => row.some((cell) => cellText(cell) !== ""))
      .slice(0, 3)
      .map((row) => labels.map((_, i) => truncate(shownCell(row[i]), 60))),
  };
}

/** A cell as the lead typed it; Excel date cells as GOV.UK dates. */
function shownCell(cell: SheetCell | undefined): string {
  return cell !== null && typeof cell === "object" ? formatDate(cell.d) : cellText(cell);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function checkMapping(mapping: ColumnMapping, errors: FieldErrors) {
  if (mapping.action === null) errors.col_action = "Choose the column that holds the actions";
  if (mapping.reference === null && mapping.recommendation === null) {
    errors.col_reference = "Choose the column that says which recommendation each action is for";
  }
}

/** Back to the mapping step, either keeping the lead's choices or guessing afresh for another worksheet. */
export async function showMapping(actor: Actor, form: FormData, redetect: boolean): Promise<Step> {
  const state = await readState(actor, form, redetect);
  if ("status" in state) return state;
  const { target, workbook, encoded, fileName, sheet, headerRow, mapping, errors } = state;
  return {
    status: Object.keys(errors).length ? 400 : 200,
    body: mappingBody(target, workbook, encoded, fileName, sheet, headerRow, mapping, errors),
  };
}

async function planFromState(state: State) {
  const rows = state.workbook.sheets[state.sheet].rows;
  return planRows(rows, state.headerRow, state.mapping, {
    recommendations: state.target.recommendations,
    owners: state.target.owners,
    date1904: state.workbook.date1904,
  });
}

function previewBody(state: State, rows: PlannedRow[], leftOut: Set<number>, errors: FieldErrors) {
  const { target, sheet, workbook } = state;
  const labels = headerLabels(workbook.sheets[sheet].rows, state.headerRow);
  return {
    stage: "preview" as const,
    errors,
    inspection: {
      id: target.inspection.id,
      title: target.inspection.title,
      authorityName: target.inspection.authority_name,
    },
    fileName: state.fileName,
    workbook: state.encoded,
    sheet,
    sheetName: workbook.sheets.length > 1 ? workbook.sheets[sheet].name : null,
    headerRow: state.headerRow + 1,
    mapping: state.mapping,
    mappedColumns: PLAN_FIELDS.flatMap((field) => {
      const index = state.mapping[field];
      return index === null ? [] : [{ field, letter: columnLetter(index), label: labels[index] ?? "" }];
    }),
    rows,
    summary: summarisePlan(rows, leftOut),
    leftOut: [...leftOut],
  };
}

function readLeftOut(form: FormData): Set<number> {
  return new Set(
    form
      .getAll("leaveOut")
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0),
  );
}

type Prepared = { ready: false; step: Step } | { ready: true; state: State; rows: PlannedRow[] };

async function prepare(actor: Actor, form: FormData): Promise<Prepared> {
  const state = await readState(actor, form, false);
  if ("status" in state) return { ready: false, step: state };
  checkMapping(state.mapping, state.errors);
  if (Object.keys(state.errors).length > 0) {
    const { target, workbook, encoded, fileName, sheet, headerRow, mapping, errors } = state;
    return {
      ready: false,
      step: { status: 400, body: mappingBody(target, workbook, encoded, fileName, sheet, headerRow, mapping, errors) },
    };
  }
  return { ready: true, state, rows: await planFromState(state) };
}

/** The preview: every row with what it will create and its errors. Nothing is saved. */
export async function previewPlan(actor: Actor, form: FormData): Promise<Step> {
  const prepared = await prepare(actor, form);
  if (!prepared.ready) return prepared.step;
  return { status: 200, body: previewBody(prepared.state, prepared.rows, readLeftOut(form), {}) };
}

export type ConfirmResult =
  { ok: true; inspectionId: number; actions: number; pendingUsers: number } | { ok: false; step: Step };

/** Saves the plan in one transaction, if the lead has dealt with the rows that have errors. */
export async function confirmPlan(actor: Actor, form: FormData, now: Date): Promise<ConfirmResult> {
  const prepared = await prepare(actor, form);
  if (!prepared.ready) return { ok: false, step: prepared.step };
  const { state, rows } = prepared;
  const leftOut = readLeftOut(form);
  const errors: FieldErrors = {};
  const withErrors = rows.filter((r) => r.kind === "action" && r.errors.length > 0);
  const importing = rows.filter((r) => r.kind === "action" && r.errors.length === 0 && !leftOut.has(r.rowNumber));
  if (withErrors.length > 0 && form.get("skipErrors") !== "yes") {
    errors.skipErrors = `${withErrors.length === 1 ? "1 row has" : `${withErrors.length} rows have`} errors: tick the box to import the other rows without them, or correct the spreadsheet and upload it again`;
  } else if (importing.length === 0) {
    errors.skipErrors = "There are no rows to import: every row has an error or has been left out";
  }
  if (Object.keys(errors).length > 0)
    return { ok: false, step: { status: 400, body: previewBody(state, rows, leftOut, errors) } };

  const result = await importPlanRows(
    actor,
    {
      inspectionId: state.target.inspection.id,
      fileName: state.fileName || null,
      rows: importing,
      leftOut: rows.filter((r) => r.kind === "action").length - importing.length,
    },
    now,
  );
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound();
    const message = "message" in result ? result.message : "The plan could not be imported. Preview it again.";
    return { ok: false, step: { status: 400, body: previewBody(state, rows, leftOut, { skipErrors: message }) } };
  }
  return {
    ok: true,
    inspectionId: state.target.inspection.id,
    actions: result.actions,
    pendingUsers: result.pendingUsers,
  };
}
