import { actionReference } from "../domain/references";
import type { Actor } from "../domain/permissions";
import { newRowKey, readRows, type RowField, type RowValues, type SubmittedRow } from "../domain/plan-editor";
import { type EditorPlan, type RowOutcome, rowErrorSummary, savePlanRows } from "../models/plan-editor.server";
import { REASON_MAX } from "../utils/action-change.server";

// What the plan editor's form sends and gets back (app/routes/inspections.$inspectionId_.plan.tsx):
// rows read from the fields, saved row by row, and what the page needs to draw again the rows
// that were not saved, as they were typed.

/** A row drawn again as it was typed: its errors, or the conflict that stopped it. */
export interface ReturnedRow {
  values: RowValues;
  errors: Partial<Record<RowField, string>>;
  conflict: { changedBy: string | null; changedAt: string | null } | null;
  version: number | null;
  seen: string | null;
}

export interface EditorResponse {
  /** New on every answer, so the form is drawn afresh from what the answer says. */
  attempt: string;
  errors: Record<string, string>;
  rows: Record<string, ReturnedRow>;
  /** The new rows to draw, per recommendation id (when absent: one empty row each). */
  newRows: Record<string, string[]>;
  reason: string;
  saved: { created: number; changed: number };
}

export type EditorSubmission =
  | { kind: "refused"; status: 400; body: EditorResponse }
  | { kind: "shown"; status: 200 | 400; body: EditorResponse }
  | { kind: "saved"; created: number; changed: number };

const attempt = () => Math.random().toString(36).slice(2, 10);

function emptyResponse(reason: string): EditorResponse {
  return { attempt: attempt(), errors: {}, rows: {}, newRows: {}, reason, saved: { created: 0, changed: 0 } };
}

/** How a row is named in the error summary. */
export function rowLabel(plan: Pick<EditorPlan, "recommendations" | "short_name">, key: string): string {
  if (key.startsWith("a")) {
    const id = Number(key.slice(1));
    for (const rec of plan.recommendations) {
      const action = rec.actions.find((a) => a.id === id);
      if (action) return `Action ${actionReference(plan.short_name, rec.position, action.sequence)}`;
    }
    return "An action";
  }
  const recId = Number(key.slice(1, key.indexOf("x")));
  const rec = plan.recommendations.find((r) => r.id === recId);
  return rec ? `New action for recommendation ${rec.position + 1}` : "A new action";
}

/**
 * Handles one submission of the plan editor: `add-row:<recommendation id>` draws the form again
 * with everything typed and one more empty row there (nothing is saved); `save` saves every row
 * it can. Saved whole: a redirect. Otherwise the rows with problems come back as typed: 200 when
 * others were saved, 400 when nothing was.
 */
export async function submitPlanEditor(
  actor: Actor,
  plan: EditorPlan,
  formData: FormData,
  now: Date,
): Promise<EditorSubmission> {
  const entries = [...formData].filter((e): e is [string, string] => typeof e[1] === "string");
  const intent = formData.get("intent");
  const reasonValue = formData.get("targetReason");
  const reason = typeof reasonValue === "string" ? reasonValue.trim() : "";
  const rows = readRows(entries);
  if (rows === null) {
    return {
      kind: "refused",
      status: 400,
      body: { ...emptyResponse(""), errors: { intent: "Too many rows in one go: save the plan in parts" } },
    };
  }
  if (typeof intent === "string" && intent.startsWith("add-row:")) {
    const recId = Number(intent.slice("add-row:".length));
    if (!plan.recommendations.some((r) => r.id === recId)) return refuse("Choose where to add the row from the page");
    const body = emptyResponse(reason);
    body.newRows = newRowKeys(rows);
    addFreshRow(body.newRows, recId);
    for (const row of rows) body.rows[row.key] = returned(row);
    return { kind: "shown", status: 200, body };
  }
  if (intent !== "save") return refuse("Use the Save plan button to save the plan");
  if (reason.length > REASON_MAX) {
    const body = emptyResponse(reason);
    body.errors = { targetReason: `Keep the reason under ${REASON_MAX} characters` };
    for (const row of rows) body.rows[row.key] = returned(row);
    body.newRows = newRowKeys(rows.filter((r) => r.actionId === null));
    return { kind: "shown", status: 400, body };
  }

  const outcomes = await savePlanRows(actor, plan, rows, reason, now);
  const created = outcomes.filter((o) => o.outcome === "created").length;
  const changed = outcomes.filter((o) => o.outcome === "changed").length;
  const failed = outcomes.filter(
    (o): o is Extract<RowOutcome, { outcome: "invalid" | "conflict" }> =>
      o.outcome === "invalid" || o.outcome === "conflict",
  );
  if (failed.length === 0) return { kind: "saved", created, changed };

  const body = emptyResponse(reason);
  body.saved = { created, changed };
  body.errors = rowErrorSummary(failed, (key) => rowLabel(plan, key));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const o of failed) {
    const row = byKey.get(o.key)!;
    body.rows[o.key] =
      o.outcome === "conflict"
        ? {
            ...returned(row),
            conflict: { changedBy: o.changedBy, changedAt: o.changedAt },
            version: o.version,
            seen: o.seen,
          }
        : { ...returned(row), errors: o.errors };
  }
  body.newRows = newRowKeys(failed.map((o) => byKey.get(o.key)!).filter((r) => r.actionId === null));
  for (const rec of plan.recommendations) addFreshRow(body.newRows, rec.id);
  return { kind: "shown", status: created + changed > 0 ? 200 : 400, body };

  function refuse(message: string): EditorSubmission {
    const body = emptyResponse(reason);
    body.errors = { intent: message };
    for (const row of rows!) body.rows[row.key] = returned(row);
    body.newRows = newRowKeys(rows!.filter((r) => r.actionId === null));
    return { kind: "refused", status: 400, body };
  }
}

function returned(row: SubmittedRow): ReturnedRow {
  return { values: row.values, errors: {}, conflict: null, version: row.version, seen: row.seen };
}

function newRowKeys(rows: SubmittedRow[]): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const row of rows) {
    if (row.recommendationId === null) continue;
    (keys[String(row.recommendationId)] ??= []).push(row.key);
  }
  return keys;
}

/** One more empty row for the recommendation, after those it has. */
function addFreshRow(keys: Record<string, string[]>, recommendationId: number) {
  const list = (keys[String(recommendationId)] ??= []);
  const last = Math.max(0, ...list.map((k) => Number(k.slice(k.indexOf("x") + 1))));
  list.push(newRowKey(recommendationId, last + 1));
}
