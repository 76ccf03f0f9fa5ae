/**
 * The import preview: the draft as the page shows it, the lead's corrections to it, and
 * confirming it into the plan. The draft lives on the server; the page posts only the fields the
 * lead can change, the edit they chose and the revision their page was made from.
 */
import {
  applyDraftEdit,
  applyItemFields,
  type DraftItem,
  findRepeats,
  recommendationsFromDraft,
} from "../domain/import-draft";
import { inspectionTitle, otherAuthority, planRecommendations, resolveBasisDate } from "../domain/import-plan";
import type { Actor } from "../domain/permissions";
import type { ParsedReport } from "../import/types";
import { findAuthorityByName, getAuthority, listVisibleAuthorities } from "../models/authority.server";
import {
  type DraftChoices,
  findImportDraft,
  type ImportDraft,
  importDraft,
  saveDraftEdits,
} from "../models/import-drafts.server";
import { findInspectionByHash } from "../models/inspection.server";
import { getSettings, type PlanSettings } from "../models/settings.server";
import { formatDateTime } from "../utils/dates";
import { readFormWithin } from "../utils/form-body.server";
import type { FieldErrors } from "../utils/forms";
import {
  describeUnsaved,
  DraftFormSchema,
  firstValues,
  type Posted,
  readBasis,
  readEdit,
  readPostedItems,
} from "./import-draft-form.server";
import { readDraftWithin, readingLoad } from "./import-read.server";
import { importReadWaitMs } from "../utils/env.server";

/** The preview form: every item's fields (at most 200 of 5,000 characters, percent-encoded) and a little more. */
export const MAX_DRAFT_FORM_BYTES = 4 * 1024 * 1024;

type Target = { id: number; name: string } | { newName: string; name: string };

/** The plan the report will join: a lead's own authority; an administrator's choice (or the authority the report names). */
async function resolveTarget(actor: Actor, choices: DraftChoices, reportAuthority: string | null, errors: FieldErrors) {
  if (actor.role !== "admin") {
    const own = actor.authorityId === null ? undefined : await getAuthority(actor.authorityId);
    return {
      target: own ? ({ id: own.id, name: own.name } as Target) : null,
      selected: String(actor.authorityId ?? ""),
    };
  }
  const matching = reportAuthority ? await findAuthorityByName(reportAuthority) : undefined;
  const selected = choices.authority !== "" ? choices.authority : matching ? String(matching.id) : "new";
  if (selected === "new") {
    const newName = (choices.newAuthorityName.trim() || reportAuthority || "").replace(/\s+/g, " ");
    if (newName === "") errors.newAuthorityName = "Enter the name of the authority this report is about";
    else if (newName.length > 200) errors.newAuthorityName = "Enter an authority name of at most 200 characters";
    else {
      // A "new" authority with an existing authority's name joins that authority's plan.
      const existing = await findAuthorityByName(newName);
      return { target: existing ? { id: existing.id, name: existing.name } : { newName, name: newName }, selected };
    }
    return { target: null, selected };
  }
  const id = Number(selected);
  const authority = Number.isInteger(id) && id > 0 ? await getAuthority(id) : undefined;
  if (!authority) {
    errors.authorityId = "Choose the authority whose plan this report joins";
    return { target: null, selected };
  }
  return { target: { id: authority.id, name: authority.name } as Target, selected };
}

function reportOf(draft: ImportDraft, items: DraftItem[]): ParsedReport {
  return { ...draft.details!, recommendations: recommendationsFromDraft(items) };
}

/** Everything the preview page shows, from the draft as saved or as the lead has just corrected it. */
async function previewOf(
  actor: Actor,
  draft: ImportDraft,
  items: DraftItem[],
  choices: DraftChoices,
  settings: PlanSettings,
  errors: FieldErrors,
) {
  const details = draft.details!;
  const basis = readBasis(choices, errors);
  const { target, selected } = await resolveTarget(actor, choices, details.localAuthority, errors);
  // The council the report joins sets the grace for "immediately" (an administrator may choose any).
  const graceDays =
    target && "id" in target && target.id !== actor.authorityId
      ? (await getSettings(target.id)).immediateGraceDays
      : settings.immediateGraceDays;
  const report = reportOf(draft, items);
  const plannedList = planRecommendations(report, basis, graceDays);
  const included = items.filter((i) => !i.excluded);
  const planned = Object.fromEntries(included.map((item, i) => [item.key, plannedList[i]]));
  const repeats = Object.fromEntries([...findRepeats(items)].map(([key, index]) => [key, index + 1]));
  const existing =
    target && "id" in target && draft.content_hash
      ? await findInspectionByHash(target.id, draft.content_hash)
      : undefined;
  const view = {
    title: inspectionTitle(report),
    details: {
      localAuthority: details.localAuthority,
      kind: details.kind,
      inspectionStart: details.inspectionStart,
      inspectionEnd: details.inspectionEnd,
      published: details.published,
      judgements: details.judgements,
      warnings: details.warnings.filter((w) => w.recommendationIndex === null).map((w) => w.message),
    },
    items,
    planned,
    repeats,
    basis: { kind: basis.kind, input: choices.basisDate, resolved: resolveBasisDate(details, basis) },
    authority: {
      selected,
      newName: choices.newAuthorityName || (selected === "new" ? (details.localAuthority ?? "") : ""),
      planName: target?.name ?? null,
      options: actor.role === "admin" ? await listVisibleAuthorities(actor) : [],
    },
    otherAuthority: otherAuthority(details.localAuthority, target?.name ?? null),
    duplicate: existing ? { id: existing.id, title: existing.title } : null,
    graceDays,
  };
  return { view, basis, target, report, graceDays };
}

export type DraftPage =
  | { stage: "reading"; draftId: number; fileName: string | null; sourceKind: string; since: string; waiting: number }
  | { stage: "failed"; draftId: number; failure: string }
  | { stage: "imported"; inspectionId: number | null }
  | ({ stage: "preview"; draftId: number; revision: number; fileName: string | null; lines: string[] } & Awaited<
      ReturnType<typeof previewOf>
    >["view"]);

/**
 * The draft's page: still being read (the reading is started, and waited for a moment, here),
 * unreadable, already imported, or the preview. Undefined when the draft is not the user's.
 */
export async function loadDraftPage(
  actor: Actor,
  draftId: number,
  settings: PlanSettings,
  clock: () => Date,
): Promise<DraftPage | undefined> {
  let draft = await findImportDraft(actor, draftId, clock());
  if (draft?.status === "reading") {
    await readDraftWithin(draftId, clock, importReadWaitMs());
    draft = await findImportDraft(actor, draftId, clock());
  }
  if (!draft) return undefined;
  switch (draft.status) {
    case "reading": {
      const load = readingLoad();
      return {
        stage: "reading",
        draftId,
        fileName: draft.file_name,
        sourceKind: draft.source_kind,
        since: draft.created_at,
        waiting: load.waiting,
      };
    }
    case "failed":
      return { stage: "failed", draftId, failure: draft.failure ?? "The report could not be read." };
    case "imported":
      return { stage: "imported", inspectionId: draft.inspection_id };
    case "ready": {
      const choices = draft.choices ?? { basisKind: "publication", basisDate: "", authority: "", newAuthorityName: "" };
      const { view } = await previewOf(actor, draft, draft.items, choices, settings, {});
      return {
        stage: "preview",
        draftId,
        revision: draft.revision,
        fileName: draft.file_name,
        lines: (draft.text ?? "").split(/\r\n?|\n/).map((line) => line.replace(/\f/g, "")),
        ...view,
      };
    }
  }
}

export type DraftChangeOutcome =
  | { kind: "saved"; message: string; focusKey: string | null }
  | { kind: "imported"; inspectionId: number; duplicate: boolean; recommendations: number }
  | { kind: "not_found" }
  | { kind: "refused"; status: 400 | 409 | 413; errors: FieldErrors; posted: Posted | null; unsaved: string[] };

const refused = (status: 400 | 409 | 413, errors: FieldErrors, posted: Posted | null = null, unsaved: string[] = []) =>
  ({ kind: "refused", status, errors, posted, unsaved }) as const;

/**
 * The lead's corrections and chosen edit (or confirmation) applied to their draft. A refusal
 * saves nothing and carries what the lead typed back to the page.
 */
export async function changeDraft(
  actor: Actor,
  draftId: number,
  request: Request,
  settings: PlanSettings,
  now: Date,
): Promise<DraftChangeOutcome> {
  const draft = await findImportDraft(actor, draftId, now);
  if (!draft) return { kind: "not_found" };
  const body = await readFormWithin(request, MAX_DRAFT_FORM_BYTES);
  if (!body.ok) {
    return refused(body.status === 413 ? 413 : 400, {
      items:
        body.status === 413
          ? "The corrections are larger than a report can be, so they were not saved. Shorten the longest items and try again."
          : "The form could not be read. Try again.",
    });
  }
  if (draft.status === "imported") {
    if (draft.inspection_id !== null) {
      return { kind: "imported", inspectionId: draft.inspection_id, duplicate: true, recommendations: 0 };
    }
    return refused(400, {
      items: "This import was confirmed, and its inspection has since been removed. Start again to import the report.",
    });
  }
  if (draft.status !== "ready") {
    return refused(400, { items: "The report has not been read yet, so it cannot be changed. Wait for the preview." });
  }
  const values = firstValues(body.form);
  const parsedForm = DraftFormSchema.safeParse(values);
  if (!parsedForm.success) {
    const field = String(parsedForm.error.issues[0]?.path[0] ?? "items");
    return refused(400, {
      [field === "revision" ? "items" : field]:
        field === "revision"
          ? "The page was not sent whole. Reload the page and try again."
          : "This field is too long.",
    });
  }
  const form = parsedForm.data;
  const errors: FieldErrors = {};
  const { posted, gone, raw, errors: itemErrors } = readPostedItems(values, draft.items);
  Object.assign(errors, itemErrors);
  const postedBack: Posted = {
    items: raw,
    basisKind: form.basisKind,
    basisDate: form.basisDate,
    authorityId: form.authorityId,
    newAuthorityName: form.newAuthorityName,
    addFrom: form.addFrom,
    addTo: form.addTo,
    addAfter: form.addAfter,
    confirmAuthority: form.confirmAuthority !== "",
  };
  if (form.revision !== draft.revision) {
    return refused(
      409,
      {
        items: `This import was changed in another tab or window at ${formatDateTime(draft.updated_at)}, after this page was opened. Nothing you sent was saved: the list below is the import as it is now.`,
      },
      null,
      describeUnsaved(draft, posted, gone, form.op),
    );
  }

  const corrected = applyItemFields(draft.items, posted);
  Object.assign(errors, corrected.errors);
  const choices: DraftChoices = {
    basisKind: form.basisKind,
    basisDate: form.basisDate.trim(),
    authority: actor.role === "admin" ? form.authorityId : "",
    newAuthorityName: actor.role === "admin" ? form.newAuthorityName.trim() : "",
  };
  const edit = readEdit(form.op, form, errors);
  const preview = await previewOf(actor, draft, corrected.items, choices, settings, errors);
  if (Object.keys(errors).length > 0 || edit === null) return refused(400, errors, postedBack);

  if (edit !== "confirm") {
    const result = applyDraftEdit(corrected.items, edit, draft.text ?? "", draft.next_key);
    if (!result.ok) return refused(400, { [result.field]: result.message }, postedBack);
    const saved = await saveDraftEdits(
      actor,
      draftId,
      draft.revision,
      { items: result.items, nextKey: result.nextKey, choices },
      now,
    );
    if (!saved.ok)
      return saved.reason === "not_found"
        ? { kind: "not_found" }
        : refused(
            409,
            { items: "This import was changed in another tab or window just now. Nothing you sent was saved." },
            null,
            describeUnsaved(draft, posted, gone, form.op),
          );
    return { kind: "saved", message: result.message, focusKey: result.focusKey };
  }

  const { target, basis, report, graceDays } = preview;
  const other = preview.view.otherAuthority;
  if (!target) return refused(400, { authorityId: "Choose the authority whose plan this report joins" }, postedBack);
  if (other && form.confirmAuthority !== other.planAuthority) {
    return refused(
      400,
      {
        confirmAuthority: `Confirm that this report about ${other.reportAuthority} belongs in ${other.planAuthority}'s plan, or start again with the right report`,
      },
      { ...postedBack, confirmAuthority: false },
    );
  }
  const imported = await importDraft(
    actor,
    draftId,
    draft.revision,
    {
      report,
      text: draft.text ?? "",
      sourceFileName: draft.file_name,
      authority: "id" in target ? { id: target.id } : { newName: target.newName },
      basis,
      immediateGraceDays: graceDays,
      userId: actor.id,
      confirmedOtherAuthority: other !== null,
      now,
    },
    choices,
  );
  if (!imported.ok) {
    return imported.reason === "not_found"
      ? { kind: "not_found" }
      : refused(
          409,
          { items: "This import was changed in another tab or window just now. Nothing was imported." },
          null,
          describeUnsaved(draft, posted, gone, form.op),
        );
  }
  return {
    kind: "imported",
    inspectionId: imported.result.inspectionId,
    duplicate: imported.result.status === "duplicate",
    recommendations: report.recommendations.length,
  };
}
