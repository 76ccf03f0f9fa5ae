/**
 * The spreadsheet plan import, step by step. The upload is read in the reading worker (within the
 * plan limits) and kept as a server-side draft of the lead's own; the later steps (columns,
 * preview, confirm) post only the lead's choices with the draft's revision, so nothing a browser
 * sends can bring a sheet past a limit, and a stale tab is refused.
 */
import { z } from "zod";
import { initialChoices, type PlanDraftChoices, readCorrections } from "../domain/plan-import-draft";
import type { Actor } from "../domain/permissions";
import { readPool } from "../import/read-in-worker.server";
import { chooseSheet, detectHeaderRow, guessMapping, headerLabels } from "../import/spreadsheet/headers";
import { type PlannedRow, planRows, shownText, summarisePlan } from "../import/spreadsheet/plan";
import { cellText, type ColumnMapping, columnLetter, PLAN_FIELDS, type Workbook } from "../import/spreadsheet/types";
import {
  createPlanDraft,
  findPlanDraft,
  type PlanDraft,
  savePlanDraftChoices,
} from "../models/plan-import-drafts.server";
import { getPlanImportTarget, importPlanRows, type PlanImportTarget } from "../models/plan-import.server";
import { type CurrentUser, forbidden, notFound } from "../utils/auth.server";
import { formatDateTime } from "../utils/dates";
import { readFormWithin } from "../utils/form-body.server";
import type { FieldErrors } from "../utils/forms";
import { MAX_PLAN_BYTES, MAX_PLAN_LABEL } from "../utils/upload-limits";
import { storedInteger } from "../utils/record-id";

/** The upload form: the file and two short fields. */
const MAX_UPLOAD_FORM_BYTES = MAX_PLAN_BYTES + 64 * 1024;
/** A later step's form: choices and corrected cells, never the sheet. */
export const MAX_STEP_FORM_BYTES = 1024 * 1024;

/** Only improvement leads and administrators import plans. */
export function requirePlanImporter(user: CurrentUser) {
  if (user.role !== "admin" && user.role !== "improvement_lead") {
    throw forbidden("Only an improvement lead or administrator can import a plan.");
  }
}

async function requireTarget(actor: Actor, inspectionId: number): Promise<PlanImportTarget> {
  const target = await getPlanImportTarget(actor, inspectionId);
  if (!target) throw notFound("There is no inspection with that number whose plan you can import into.");
  return target;
}

const fileName = (name: string) =>
  name
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .slice(0, 255);

export type PlanUploadOutcome = { ok: true; draftId: number } | { ok: false; status: 400 | 413; errors: FieldErrors };

/** Step 1: the upload, read in the worker and kept as a draft; or why it cannot be. */
export async function uploadPlan(actor: Actor, request: Request, now: Date): Promise<PlanUploadOutcome> {
  const read = await readFormWithin(request, MAX_UPLOAD_FORM_BYTES, MAX_PLAN_BYTES);
  if (!read.ok) {
    const message =
      read.reason === "too_large"
        ? `The file is larger than ${MAX_PLAN_LABEL}, the limit for a plan. Choose a smaller file, or remove the worksheets that are not the plan.`
        : "The form could not be read. Try again.";
    return { ok: false, status: read.status, errors: { plan: message } };
  }
  const { form } = read;
  const errors: FieldErrors = {};
  const inspection = z.coerce
    .number()
    .int()
    .positive()
    .safeParse(form.get("inspectionId") ?? undefined);
  if (!inspection.success) errors.inspectionId = "Choose the inspection this plan is for";
  // Another authority's inspection is not there at all, whatever else the form lacks.
  const target = inspection.success ? await requireTarget(actor, inspection.data) : null;
  const file = form.get("plan");
  const upload = file instanceof File && (file.name !== "" || file.size > 0) ? file : null;
  if (!upload) errors.plan = "Choose an Excel (.xlsx) or CSV file";
  if (!target || !upload) return { ok: false, status: 400, errors };
  const name = fileName(upload.name);
  const outcome = await readPool().readPlan(new Uint8Array(await upload.arrayBuffer()));
  if (!outcome.ok) {
    return {
      ok: false,
      status: 400,
      errors: { plan: `The selected file${name ? ` “${name}”` : ""} ${outcome.reason.replace(/\.$/, "")}.` },
    };
  }
  const { workbook } = outcome;
  const sheet = chooseSheet(workbook.sheets);
  const headerRow = detectHeaderRow(workbook.sheets[sheet].rows);
  const mapping = guessMapping(headerLabels(workbook.sheets[sheet].rows, headerRow));
  const draftId = await createPlanDraft(
    actor,
    {
      inspectionId: target.inspection.id,
      fileName: name,
      format: outcome.format,
      workbook,
      choices: initialChoices(sheet, headerRow, mapping),
    },
    now,
  );
  return { ok: true, draftId };
}

function inspectionSummary(target: PlanImportTarget) {
  return { id: target.inspection.id, title: target.inspection.title, authorityName: target.inspection.authority_name };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function mappingBody(draft: OpenDraft, target: PlanImportTarget, choices: PlanDraftChoices, errors: FieldErrors) {
  const { workbook } = draft;
  const sheet = Math.min(choices.sheet, workbook.sheets.length - 1);
  const rows = workbook.sheets[sheet].rows;
  const labels = headerLabels(rows, choices.headerRow);
  return {
    stage: "mapping" as const,
    draftId: draft.id,
    revision: draft.revision,
    errors,
    inspection: inspectionSummary(target),
    fileName: draft.fileName,
    sheets: workbook.sheets.map((s, index) => ({ index, name: s.name, hidden: s.hidden, rowCount: s.rows.length })),
    sheet,
    headerRow: choices.headerRow + 1,
    columns: labels.map((label, index) => ({ index, letter: columnLetter(index), label })),
    mapping: choices.mapping,
    sample: rows
      .slice(choices.headerRow + 1)
      .filter((row) => row.some((cell) => cellText(cell) !== ""))
      .slice(0, 3)
      .map((row) => labels.map((_, i) => truncate(shownText(row[i]), 60))),
  };
}

interface ProposedPerson {
  key: string;
  name: string;
  email: string | null;
  role: string | null;
  rows: number[];
  confirmed: boolean;
}

/** Every row planned with the lead's corrections, and the people it proposes; declined people own nothing. */
function planDraft(draft: OpenDraft, target: PlanImportTarget, choices: PlanDraftChoices) {
  const sheet = Math.min(choices.sheet, draft.workbook.sheets.length - 1);
  const rows = planRows(draft.workbook.sheets[sheet].rows, choices.headerRow, choices.mapping, {
    recommendations: target.recommendations,
    owners: target.owners,
    date1904: draft.workbook.date1904,
    corrections: new Map(Object.entries(choices.corrections)),
  });
  const leftOut = new Set(choices.leftOut);
  const declined = new Set(choices.declinedPeople);
  const people = new Map<string, ProposedPerson>();
  for (const row of rows) {
    if (row.kind !== "action" || row.owner.kind !== "new" || row.errors.length > 0 || leftOut.has(row.rowNumber)) {
      continue;
    }
    const { key, name, email } = row.owner;
    const person = people.get(key) ?? {
      key,
      name,
      email,
      role: row.owner.role ?? null,
      rows: [],
      confirmed: !declined.has(key),
    };
    person.rows.push(row.rowNumber);
    people.set(key, person);
  }
  const planned: PlannedRow[] = rows.map((row) =>
    row.owner.kind === "new" && declined.has(row.owner.key)
      ? {
          ...row,
          owner: { kind: "none" },
          warnings: [...row.warnings, `${row.owner.name} not added (you chose not to): no owner`],
        }
      : row,
  );
  const importing = planned.filter((r) => r.kind === "action" && r.errors.length === 0 && !leftOut.has(r.rowNumber));
  const joined = new Set(importing.map((r) => r.recommendation!.id));
  const starters = target.starterActions.filter((a) => joined.has(a.recommendationId));
  return { sheet, rows: planned, leftOut, people: [...people.values()], importing, starters };
}

function previewBody(draft: OpenDraft, target: PlanImportTarget, choices: PlanDraftChoices, errors: FieldErrors) {
  const { sheet, rows, leftOut, people, starters } = planDraft(draft, target, choices);
  const labels = headerLabels(draft.workbook.sheets[sheet].rows, choices.headerRow);
  const references = new Map(target.recommendations.map((r) => [r.id, r.reference]));
  return {
    stage: "preview" as const,
    draftId: draft.id,
    revision: draft.revision,
    errors,
    inspection: inspectionSummary(target),
    fileName: draft.fileName,
    sheetName: draft.workbook.sheets.length > 1 ? draft.workbook.sheets[sheet].name : null,
    headerRow: choices.headerRow + 1,
    mapping: choices.mapping,
    mappedColumns: PLAN_FIELDS.flatMap((field) => {
      const index = choices.mapping[field];
      return index === null ? [] : [{ field, letter: columnLetter(index), label: labels[index] ?? "" }];
    }),
    rows: rows.map((row) => ({
      ...row,
      // What each correctable cell holds now: the lead's correction, else the sheet's text.
      cells: Object.fromEntries(
        row.badCells.map((field) => [
          field,
          choices.corrections[`${row.rowNumber}:${field}`] ??
            shownText(draft.workbook.sheets[sheet].rows[row.rowNumber - 1]?.[choices.mapping[field] ?? -1]),
        ]),
      ),
    })),
    summary: summarisePlan(rows, leftOut),
    leftOut: [...leftOut],
    people,
    starters: starters.map((a) => ({ id: a.id, title: a.title, reference: references.get(a.recommendationId) ?? "" })),
    replacePlaceholders: choices.replacePlaceholders,
  };
}

export type PlanStepBody = ReturnType<typeof mappingBody> | ReturnType<typeof previewBody>;
type OpenDraft = PlanDraft & { workbook: Workbook };

/** The draft and its inspection, if the actor may see both; 404 otherwise, and for an imported draft. */
async function requireDraft(actor: Actor, draftId: number, now: Date) {
  const draft = await findPlanDraft(actor, draftId, now);
  if (!draft || draft.stage === "imported" || !draft.workbook) {
    throw notFound(
      "There is no plan being imported with that number. It may have expired (after a day) or been imported: upload it again.",
    );
  }
  const target = await requireTarget(actor, draft.inspectionId);
  return { draft: draft as OpenDraft, target };
}

/** What the draft's page shows: the columns step or the preview. */
export async function planDraftPage(actor: Actor, draftId: number, now: Date): Promise<PlanStepBody> {
  const { draft, target } = await requireDraft(actor, draftId, now);
  return draft.stage === "mapping"
    ? mappingBody(draft, target, draft.choices, {})
    : previewBody(draft, target, draft.choices, {});
}

const column = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? null : Number(v)))
  .pipe(z.number().int().min(0).max(255).nullable());
const mappingSchema = z.object({
  sheet: z.coerce.number().int().min(0).max(1000).default(0),
  shownSheet: z.coerce.number().int().min(0).max(1000).optional(),
  headerRow: z.string().trim().max(20).default(""),
  ...Object.fromEntries(PLAN_FIELDS.map((f) => [`col_${f}`, column])),
});

export const PLAN_STEP_INTENTS = ["columns", "preview", "update", "change-columns", "confirm"] as const;
const intentSchema = z.enum(PLAN_STEP_INTENTS);
const revisionSchema = storedInteger();

export type PlanStepOutcome =
  { kind: "redirect"; to: string; message?: string } | { kind: "page"; status: 400 | 409 | 413; body: PlanStepBody };

function formValues(form: FormData): [string, string][] {
  return [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
}

/** The columns step's choices; `redetect` guesses the heading row and columns afresh (another worksheet). */
function readMapping(draft: OpenDraft, form: FormData, redetect: boolean) {
  const errors: FieldErrors = {};
  const parsed = mappingSchema.safeParse(Object.fromEntries(formValues(form)));
  const data = parsed.success ? parsed.data : mappingSchema.parse({});
  if (!parsed.success) errors.headerRow = "The form could not be read: check the choices and try again";
  const sheet = Math.min(data.sheet, draft.workbook.sheets.length - 1);
  const rows = draft.workbook.sheets[sheet].rows;
  const sheetChanged = data.shownSheet !== undefined && data.shownSheet !== sheet;
  let headerRow = sheetChanged ? detectHeaderRow(rows) : draft.choices.headerRow;
  if (data.headerRow !== "" && !sheetChanged) {
    const n = Number(data.headerRow);
    if (Number.isInteger(n) && n >= 1 && n <= Math.max(1, rows.length)) headerRow = n - 1;
    else
      errors.headerRow = `Enter the number of the row with the column headings, from 1 to ${Math.max(1, rows.length)}`;
  }
  const chosen = Object.fromEntries(
    PLAN_FIELDS.map((f) => [f, (data as Record<string, unknown>)[`col_${f}`] ?? null]),
  ) as ColumnMapping;
  const mapping =
    redetect || sheetChanged || headerRow !== draft.choices.headerRow
      ? guessMapping(headerLabels(rows, headerRow))
      : chosen;
  return { choices: { ...draft.choices, sheet, headerRow, mapping }, errors };
}

function checkMapping(mapping: ColumnMapping, errors: FieldErrors) {
  if (mapping.action === null) errors.col_action = "Choose the column that holds the actions";
  if (mapping.reference === null && mapping.recommendation === null) {
    errors.col_reference = "Choose the column that says which recommendation each action is for";
  }
}

/** The preview's choices: rows left out, corrected cells, people confirmed, starter actions replaced. */
function readPreviewChoices(draft: OpenDraft, form: FormData) {
  const errors: FieldErrors = {};
  const rowCount = draft.workbook.sheets[Math.min(draft.choices.sheet, draft.workbook.sheets.length - 1)].rows.length;
  const leftOut = [
    ...new Set(
      form
        .getAll("leaveOut")
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0 && n <= rowCount),
    ),
  ].sort((a, b) => a - b);
  const read = readCorrections(formValues(form), rowCount);
  const corrections = { ...draft.choices.corrections };
  if (read.ok) {
    for (const [key, value] of Object.entries(read.corrections)) corrections[key] = value;
  } else {
    errors.corrections = read.message;
  }
  const offered = new Set(form.getAll("personOffered").filter((v): v is string => typeof v === "string"));
  const confirmed = new Set(form.getAll("person").filter((v): v is string => typeof v === "string"));
  const declined = new Set(draft.choices.declinedPeople);
  for (const key of offered) {
    if (confirmed.has(key)) declined.delete(key);
    else declined.add(key);
  }
  const replacePlaceholders =
    form.get("replaceOffered") === "yes"
      ? form.get("replacePlaceholders") === "yes"
      : draft.choices.replacePlaceholders;
  const choices: PlanDraftChoices = {
    ...draft.choices,
    leftOut,
    corrections,
    declinedPeople: [...declined].slice(0, 5_000),
    replacePlaceholders,
  };
  return { choices, errors };
}

function stale(draft: OpenDraft, target: PlanImportTarget, changedAt: string): PlanStepOutcome {
  const errors = {
    form: `This plan import was changed in another tab or window at ${formatDateTime(changedAt)}, so what you sent was not saved. Here it is as it is now: make your changes again.`,
  };
  return {
    kind: "page",
    status: 409,
    body:
      draft.stage === "mapping"
        ? mappingBody(draft, target, draft.choices, errors)
        : previewBody(draft, target, draft.choices, errors),
  };
}

/** A step's form posted to the draft: saves the lead's choices, imports on confirm. */
export async function changePlanDraft(
  actor: Actor,
  draftId: number,
  request: Request,
  now: Date,
): Promise<PlanStepOutcome> {
  const { draft, target } = await requireDraft(actor, draftId, now);
  const here = `/import/plan/${draft.id}`;
  const read = await readFormWithin(request, MAX_STEP_FORM_BYTES);
  if (!read.ok) {
    const errors = {
      form:
        read.reason === "too_large"
          ? "The form was larger than 1 MB, so it was not read: correct fewer cells at a time."
          : "The form could not be read. Try again.",
    };
    const body =
      draft.stage === "mapping"
        ? mappingBody(draft, target, draft.choices, errors)
        : previewBody(draft, target, draft.choices, errors);
    return { kind: "page", status: read.status, body };
  }
  const { form } = read;
  const intent = intentSchema.safeParse(form.get("intent"));
  const revision = revisionSchema.safeParse(form.get("revision"));
  if (!intent.success || !revision.success) {
    return {
      kind: "page",
      status: 400,
      body: previewOrMapping(draft, target, { form: "The form could not be read. Try again." }),
    };
  }
  if (revision.data !== draft.revision) return stale(draft, target, draft.updatedAt);

  const save = async (stage: "mapping" | "preview", choices: PlanDraftChoices) => {
    const saved = await savePlanDraftChoices(actor, draft.id, draft.revision, { stage, choices }, now);
    if (!saved.ok && saved.reason === "not_found") throw notFound();
    return saved;
  };

  if (intent.data === "columns" || intent.data === "preview") {
    const { choices, errors } = readMapping(draft, form, intent.data === "columns" && form.get("redetect") === "yes");
    if (intent.data === "preview") checkMapping(choices.mapping, errors);
    if (Object.keys(errors).length > 0) {
      return { kind: "page", status: 400, body: mappingBody(draft, target, choices, errors) };
    }
    const saved = await save(intent.data === "preview" ? "preview" : "mapping", choices);
    if (!saved.ok) return stale(draft, target, saved.changedAt);
    return { kind: "redirect", to: here };
  }

  const { choices, errors } = readPreviewChoices(draft, form);
  if (Object.keys(errors).length > 0) {
    return { kind: "page", status: 400, body: previewBody(draft, target, draft.choices, errors) };
  }
  if (intent.data !== "confirm") {
    const saved = await save(intent.data === "change-columns" ? "mapping" : "preview", choices);
    if (!saved.ok) return stale(draft, target, saved.changedAt);
    return { kind: "redirect", to: here };
  }

  // Confirm: a refusal shows the page with what the lead sent, and saves nothing.
  const current: OpenDraft = { ...draft, choices };
  const { rows, importing } = planDraft(current, target, choices);
  const withErrors = rows.filter((r) => r.kind === "action" && r.errors.length > 0);
  const refusal =
    withErrors.length > 0 && form.get("skipErrors") !== "yes"
      ? `${withErrors.length === 1 ? "1 row has" : `${withErrors.length} rows have`} errors: correct them in the table, or tick the box to import the other rows without them`
      : importing.length === 0
        ? "There are no rows to import: every row has an error or has been left out"
        : null;
  if (refusal)
    return { kind: "page", status: 400, body: previewBody(current, target, choices, { skipErrors: refusal }) };

  const result = await importPlanRows(
    actor,
    {
      inspectionId: target.inspection.id,
      fileName: draft.fileName || null,
      rows: importing,
      leftOut: rows.filter((r) => r.kind === "action").length - importing.length,
      replacePlaceholders: choices.replacePlaceholders,
      draft: { id: draft.id, revision: draft.revision, choices },
    },
    now,
  );
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound();
    if (result.reason === "conflict") return stale(current, target, result.changedAt ?? now.toISOString());
    const message =
      "message" in result && result.message ? result.message : "The plan could not be imported. Try again.";
    return { kind: "page", status: 400, body: previewBody(current, target, choices, { skipErrors: message }) };
  }
  const parts = [`${result.actions} ${result.actions === 1 ? "action" : "actions"} added`];
  if (result.replaced) {
    parts.push(`${result.replaced} starter ${result.replaced === 1 ? "action" : "actions"} replaced`);
  }
  if (result.pendingUsers) {
    parts.push(
      `${result.pendingUsers} pending ${result.pendingUsers === 1 ? "person" : "people"} for an administrator to set up`,
    );
  }
  return {
    kind: "redirect",
    to: `/inspections/${target.inspection.id}`,
    message: `Plan imported: ${parts.join(", ")}`,
  };

  function previewOrMapping(d: OpenDraft, t: PlanImportTarget, e: FieldErrors): PlanStepBody {
    return d.stage === "mapping" ? mappingBody(d, t, d.choices, e) : previewBody(d, t, d.choices, e);
  }
}
