import { BASIS_KIND_LABELS, type BasisKind } from "../domain/due-dates";
import { applyDraftEdit, type DraftEdit, draftFromReport, type DraftItem, recommendationsFromDraft } from "../domain/import-draft";
import { type ImportBasis, inspectionTitle, planRecommendations, resolveBasisDate } from "../domain/import-plan";
import { type Actor, canSeeAuthority } from "../domain/permissions";
import { parseReportText } from "../import/parse-report";
import type { ParsedReport } from "../import/types";
import { sameAuthority } from "../domain/authority-names";
import { findAuthorityByName, getAuthority } from "../models/authority.server";
import { contentHash, findInspectionByHash, importInspection } from "../models/inspection.server";
import type { PlanSettings } from "../models/settings.server";
import { parseUkDate } from "./dates";
import type { FieldErrors } from "./forms";
import { readDraftFromForm } from "./import-draft-form.server";

const NO_RECOMMENDATIONS =
  "No recommendations were found in this text. Check it is an Ofsted report with an “Areas for improvement” or “What needs to improve” section.";

type AuthorityChoice = { id: number } | { newName: string };

function readBasis(form: FormData, errors: FieldErrors): ImportBasis {
  const kindValue = form.get("basisKind");
  const kind: BasisKind =
    typeof kindValue === "string" && kindValue in BASIS_KIND_LABELS ? (kindValue as BasisKind) : "publication";
  const dateValue = String(form.get("basisDate") ?? "").trim();
  if (dateValue === "") {
    if (kind === "received") errors.basisDate = "Enter the date the report was received";
    return { kind, date: null };
  }
  const date = parseUkDate(dateValue);
  if (!date) errors.basisDate = "Enter a real date, for example 23/08/2024";
  return { kind, date };
}

/** Leads import into their own authority; administrators choose one or create it from the report's name. */
async function readAuthority(actor: Actor, form: FormData, reportAuthority: string | null, errors: FieldErrors) {
  if (actor.role !== "admin") {
    return { choice: { id: actor.authorityId ?? -1 } as AuthorityChoice, selected: String(actor.authorityId) };
  }
  const selectedValue = form.get("authorityId");
  const matching = reportAuthority ? await findAuthorityByName(reportAuthority) : undefined;
  const selected =
    typeof selectedValue === "string" && selectedValue !== "" ? selectedValue : matching ? String(matching.id) : "new";
  if (selected === "new") {
    const typed = String(form.get("newAuthorityName") ?? "").trim();
    const newName = typed || reportAuthority || "";
    if (!newName) errors.newAuthorityName = "Enter the name of the authority this report is about";
    if (newName.length > 200) errors.newAuthorityName = "Enter a shorter authority name";
    return { choice: { newName } as AuthorityChoice, selected };
  }
  const id = Number(selected);
  if (!Number.isInteger(id) || id <= 0 || !canSeeAuthority(actor, id)) errors.authorityId = "Choose an authority";
  return { choice: { id } as AuthorityChoice, selected };
}

/** The edit a preview button asks for: "merge:3", "split:2" or "add" (with the line fields). */
function readEdit(form: FormData, errors: FieldErrors): DraftEdit | null {
  const op = String(form.get("op") ?? "");
  const [kind, indexText] = op.split(":");
  const index = Number(indexText);
  if ((kind === "merge" || kind === "split") && Number.isInteger(index)) return { kind, index };
  if (kind === "add") {
    const fromLine = Number(form.get("addFrom"));
    const toLine = Number(String(form.get("addTo") ?? "").trim() || fromLine);
    const after = Number(form.get("addAfter") ?? -1);
    if (!Number.isInteger(fromLine) || !Number.isInteger(toLine)) {
      errors.addFrom = "Enter the line numbers of the missing item, for example 120 to 123";
      return null;
    }
    return { kind: "add", fromLine, toLine, after: Number.isInteger(after) ? after : -1 };
  }
  return null;
}

export type ImportStep = "preview" | "edit" | "confirm";

/**
 * Builds the preview: the report's details, the lead's working copy of its recommendations
 * with due dates, and any errors. The first preview starts from the parser; later steps start
 * from the corrected items posted back.
 */
async function buildPreview(
  actor: Actor,
  form: FormData,
  text: string,
  fileName: string | null,
  settings: PlanSettings,
  step: ImportStep,
) {
  const parsed = parseReportText(text);
  const errors: FieldErrors = {};
  let items: DraftItem[] = draftFromReport(parsed);
  // A form without items (the first upload, or a script posting the text) takes the parser's items.
  if (step !== "preview" && form.has("itemCount")) {
    const posted = readDraftFromForm(form);
    if (posted) {
      items = posted.items;
      Object.assign(errors, posted.errors);
    } else {
      errors.items = "The corrections could not be read, so the report has been read again from the start.";
    }
  }
  if (step === "edit") {
    const edit = readEdit(form, errors);
    if (edit) {
      const result = applyDraftEdit(items, edit, text);
      if (result.ok) items = result.items;
      else errors[result.field] = result.message;
    }
  }
  if (items.length === 0) {
    return { ok: false as const, body: { stage: "start" as const, errors: { text: NO_RECOMMENDATIONS } as FieldErrors } };
  }
  const included = recommendationsFromDraft(items);
  if (step === "confirm" && included.length === 0) errors.items = "Every item is excluded. Include at least one recommendation.";

  const basis = readBasis(form, errors);
  const authority = await readAuthority(actor, form, parsed.localAuthority, errors);
  const warnings = parsed.warnings.filter((w) => w.recommendationIndex === null).map((w) => w.message);
  const target = "id" in authority.choice ? await getAuthority(authority.choice.id) : undefined;
  if (target && parsed.localAuthority && !sameAuthority(target.name, parsed.localAuthority)) {
    warnings.unshift(`This report is about ${parsed.localAuthority}, but it will be added to ${target.name}'s plan.`);
  }
  const existing = await findInspectionByHash(contentHash(text));
  const duplicate = existing
    ? canSeeAuthority(actor, existing.authority_id)
      ? { id: existing.id, title: existing.title, authorityName: existing.authority_name }
      : { id: null, title: null, authorityName: null }
    : null;
  const report: ParsedReport = { ...parsed, recommendations: included };
  // Due dates and references for every item, excluded ones too, so the page can show them.
  const planned = planRecommendations({ ...parsed, recommendations: recommendationsFromDraft(items.map((i) => ({ ...i, excluded: false }))) }, basis, settings.immediateGraceDays);
  const body = {
    stage: "preview" as const,
    errors,
    text,
    lineCount: text.split(/\r\n?|\n/).length,
    fileName,
    title: inspectionTitle(parsed),
    details: {
      localAuthority: parsed.localAuthority,
      kind: parsed.kind,
      inspectionStart: parsed.inspectionStart,
      inspectionEnd: parsed.inspectionEnd,
      published: parsed.published,
      judgements: parsed.judgements,
      warnings,
    },
    items,
    planned,
    basis: { kind: basis.kind, input: String(form.get("basisDate") ?? ""), resolved: resolveBasisDate(parsed, basis) },
    authority: { selected: authority.selected, newName: "newName" in authority.choice ? authority.choice.newName : "" },
    duplicate,
    graceDays: settings.immediateGraceDays,
  };
  return { ok: true as const, body, report, authority: authority.choice, basis };
}

export async function previewImport(
  actor: Actor,
  form: FormData,
  text: string,
  fileName: string | null,
  settings: PlanSettings,
  step: Exclude<ImportStep, "confirm">,
) {
  const preview = await buildPreview(actor, form, text, fileName, settings, step);
  const hasErrors = !preview.ok || Object.keys(preview.body.errors).length > 0;
  return { body: preview.body, status: hasErrors ? 400 : 200 };
}

/** Saves the corrected report in one transaction, unless the form has errors or the document is already there. */
export async function confirmImport(
  actor: Actor,
  form: FormData,
  text: string,
  fileName: string | null,
  settings: PlanSettings,
  now: Date,
) {
  const preview = await buildPreview(actor, form, text, fileName, settings, "confirm");
  if (!preview.ok || Object.keys(preview.body.errors).length > 0) {
    return { ok: false as const, body: preview.body, status: 400 as const };
  }
  const result = await importInspection({
    report: preview.report,
    text,
    sourceFileName: fileName,
    authority: preview.authority,
    basis: preview.basis,
    immediateGraceDays: settings.immediateGraceDays,
    userId: actor.id,
    now,
  });
  return { ok: true as const, ...result };
}
