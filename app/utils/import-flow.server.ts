import { BASIS_KIND_LABELS, type BasisKind } from "../domain/due-dates";
import { type ImportBasis, inspectionTitle, planRecommendations, resolveBasisDate } from "../domain/import-plan";
import { type Actor, canSeeAuthority } from "../domain/permissions";
import { parseReportText } from "../import/parse-report";
import { findAuthorityByName } from "../models/authority.server";
import { contentHash, findInspectionByHash, importInspection } from "../models/inspection.server";
import type { PlanSettings } from "../models/settings.server";
import { parseUkDate } from "./dates";
import type { FieldErrors } from "./forms";

const NO_RECOMMENDATIONS =
  "No recommendations were found in this text. Check it is an Ofsted report with an “Areas for improvement” or “What needs to improve” section.";

type AuthorityChoice = { id: number } | { newName: string };

function readBasis(form: FormData, errors: FieldErrors): ImportBasis {
  const kindValue = form.get("basisKind");
  const kind: BasisKind = typeof kindValue === "string" && kindValue in BASIS_KIND_LABELS ? (kindValue as BasisKind) : "publication";
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
  if (actor.role !== "admin") return { choice: { id: actor.authorityId ?? -1 } as AuthorityChoice, selected: String(actor.authorityId) };
  const selectedValue = form.get("authorityId");
  const matching = reportAuthority ? await findAuthorityByName(reportAuthority) : undefined;
  const selected = typeof selectedValue === "string" && selectedValue !== "" ? selectedValue : matching ? String(matching.id) : "new";
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

/** Everything the preview page shows; also returned (with errors) when a confirm is refused. */
async function buildPreview(actor: Actor, form: FormData, text: string, fileName: string | null, settings: PlanSettings) {
  const report = parseReportText(text);
  if (report.recommendations.length === 0) {
    return { ok: false as const, body: { stage: "start" as const, errors: { text: NO_RECOMMENDATIONS } as FieldErrors }, status: 400 as const };
  }
  const errors: FieldErrors = {};
  const basis = readBasis(form, errors);
  const authority = await readAuthority(actor, form, report.localAuthority, errors);
  const existing = await findInspectionByHash(contentHash(text));
  const duplicate = existing
    ? canSeeAuthority(actor, existing.authority_id)
      ? { id: existing.id, title: existing.title, authorityName: existing.authority_name }
      : { id: null, title: null, authorityName: null }
    : null;
  const body = {
    stage: "preview" as const,
    errors,
    text,
    fileName,
    title: inspectionTitle(report),
    report,
    planned: planRecommendations(report, basis, settings.immediateGraceDays),
    basis: { kind: basis.kind, input: String(form.get("basisDate") ?? ""), resolved: resolveBasisDate(report, basis) },
    authority: { selected: authority.selected, newName: "newName" in authority.choice ? authority.choice.newName : "" },
    duplicate,
    graceDays: settings.immediateGraceDays,
  };
  return { ok: true as const, body, authority: authority.choice, basis };
}

export async function previewImport(actor: Actor, form: FormData, text: string, fileName: string | null, settings: PlanSettings) {
  const preview = await buildPreview(actor, form, text, fileName, settings);
  return { body: preview.body, status: preview.ok && Object.keys(preview.body.errors).length === 0 ? 200 : 400 };
}

/** Saves the previewed report in one transaction, unless the form has errors or the document is already there. */
export async function confirmImport(
  actor: Actor,
  form: FormData,
  text: string,
  fileName: string | null,
  settings: PlanSettings,
  now: Date,
) {
  const preview = await buildPreview(actor, form, text, fileName, settings);
  if (!preview.ok) return { ok: false as const, body: preview.body, status: 400 as const };
  if (Object.keys(preview.body.errors).length > 0) return { ok: false as const, body: preview.body, status: 400 as const };
  const result = await importInspection({
    report: preview.body.report,
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
