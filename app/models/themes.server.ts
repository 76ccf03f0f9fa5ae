import { getDb } from "../../db/client";
import { FRAMEWORK_LABELS, frameworkOf } from "../domain/judgement-areas";
import type { Actor } from "../domain/permissions";
import { findRecurringThemes, type ThemeGroup, type ThemeInput } from "../domain/themes";
import { inspectionKept } from "./plan-scope.server";

const OTHER_KIND_LABELS: Record<string, string> = {
  focused_visit: "Focused visit",
  monitoring_visit: "Monitoring visit",
  jtai: "Joint targeted area inspection",
};

/** A short name for an inspection on the themes page: "SLAC 2012", "ILACS 2024", "Focused visit 2021". */
export function themeInspectionLabel(kind: string, date: string | null): string {
  const framework = frameworkOf(kind, date);
  const name =
    framework !== "other"
      ? `${FRAMEWORK_LABELS[framework === "ilacs_2026" ? "ilacs" : framework]}${kind === "ilacs_short" ? " (short)" : ""}`
      : (OTHER_KIND_LABELS[kind] ?? "Report");
  return date ? `${name} ${date.slice(0, 4)}` : name;
}

/**
 * The recommendations of every inspection of one authority that the actor may see, as the
 * input of the theme grouping. Scope is part of the query: an actor outside the authority
 * gets nothing. Recommendations have no withdrawn state, so all of them count; those of a removed
 * inspection do not.
 */
export async function listThemeInputs(actor: Actor, authorityId: number): Promise<ThemeInput[]> {
  let query = getDb()
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select([
      "recommendations.id",
      "recommendations.text",
      "inspections.id as inspectionId",
      "inspections.kind",
      "inspections.inspection_start",
      "inspections.inspection_end",
      "inspections.published",
    ])
    .where("inspections.authority_id", "=", authorityId)
    .where(inspectionKept);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const rows = await query.orderBy("inspections.id").orderBy("recommendations.position").execute();
  return rows.map((r) => {
    const date = r.inspection_end ?? r.inspection_start ?? r.published;
    return {
      id: r.id,
      inspectionId: r.inspectionId,
      inspectionLabel: themeInspectionLabel(r.kind, date),
      inspectionDate: date,
      text: r.text,
    };
  });
}

/** Themes that recur across the authority's inspections, with why each group was formed. */
export async function listRecurringThemes(actor: Actor, authorityId: number): Promise<ThemeGroup[]> {
  return findRecurringThemes(await listThemeInputs(actor, authorityId));
}
