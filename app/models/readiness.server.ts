import { getDb } from "../../db/client";
import { knownInspectionDates } from "../domain/corrections";
import { decidingGrade } from "../domain/inspection-window";
import type { HistoryJudgement } from "../domain/judgement-areas";
import type { Actor } from "../domain/permissions";
import { cachedForActor } from "./plan-cache.server";
import { inspectionKept } from "./plan-scope.server";

const ILACS_KINDS = ["ilacs", "ilacs_short"];

/** The inspections in the plan that the actor may see. */
function visibleInspections(actor: Actor) {
  const query = getDb().selectFrom("inspections").where(inspectionKept);
  return actor.role === "admin" ? query : query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
}

/**
 * Every judgement of every inspection of one authority, oldest inspection first, placed at the
 * last day of the inspection (or its publication when the dates are not known). Empty when the
 * actor may not see the authority.
 */
export async function listJudgementHistory(actor: Actor, authorityId: number): Promise<HistoryJudgement[]> {
  const rows = await visibleInspections(actor)
    .innerJoin("judgements", "judgements.inspection_id", "inspections.id")
    .select([
      "inspections.id as inspectionId",
      "inspections.kind",
      "inspections.title",
      "inspections.inspection_start",
      "inspections.inspection_end",
      "inspections.published",
      "judgements.section",
      "judgements.area",
      "judgements.grade",
    ])
    .where("inspections.authority_id", "=", authorityId)
    .orderBy("inspections.id")
    .orderBy("judgements.position")
    .execute();
  return rows.map((r) => ({
    inspectionId: r.inspectionId,
    kind: r.kind,
    title: r.title,
    date: r.inspection_end ?? r.inspection_start ?? r.published,
    section: r.section,
    area: r.area,
    grade: r.grade,
  }));
}

/**
 * Per visible authority: the inspections that set a statutory clock, with the date the report
 * was received (or publication as a stand-in, flagged) and whether a focused visit found areas
 * for priority action, plus the inspection dates of ILACS inspections for the window.
 */
export async function listInspectionClocks(actor: Actor, options: { authorityIds?: readonly number[] } = {}) {
  if (options.authorityIds?.length === 0) return [];
  const authorityIds = options.authorityIds;
  const rows = await cachedForActor(actor, authorityIds, ["clocks"], () => inspectionClockRows(actor, authorityIds));
  return rows.map((r) => {
    const recorded = knownInspectionDates(r).received;
    const received = recorded ?? r.published;
    return {
      inspectionId: r.id,
      authorityId: r.authority_id,
      authorityName: r.authority_name,
      kind: r.kind,
      title: r.title,
      isIlacs: ILACS_KINDS.includes(r.kind),
      inspectionDate: r.inspection_end ?? r.inspection_start ?? r.published,
      receivedDate: received,
      /** True when the received date is not recorded and publication stands in for it. */
      receivedApproximated: recorded === null,
      priorityAction: r.kind === "focused_visit" && Boolean(r.has_priority_actions),
      grade: decidingGrade(r.judgements),
    };
  });
}
export type InspectionClock = Awaited<ReturnType<typeof listInspectionClocks>>[number];

/** The clock rows with each inspection's judgements (the next inspection depends on them). */
async function inspectionClockRows(actor: Actor, authorityIds: readonly number[] | undefined) {
  const rows = await inspectionRows(actor, authorityIds);
  const ids = rows.map((r) => r.id);
  const judgements =
    ids.length === 0
      ? []
      : await getDb()
          .selectFrom("judgements")
          .select(["inspection_id", "area", "grade"])
          .where("inspection_id", "in", ids)
          .orderBy("position")
          .execute();
  const byInspection = new Map<number, { area: string; grade: string }[]>();
  for (const j of judgements) byInspection.set(j.inspection_id, [...(byInspection.get(j.inspection_id) ?? []), j]);
  return rows.map((r) => ({ ...r, judgements: byInspection.get(r.id) ?? [] }));
}

function inspectionRows(actor: Actor, authorityIds: readonly number[] | undefined) {
  let query = visibleInspections(actor);
  if (authorityIds) query = query.where("inspections.authority_id", "in", authorityIds);
  return query
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select((eb) => [
      "inspections.id",
      "inspections.authority_id",
      "authorities.name as authority_name",
      "inspections.kind",
      "inspections.title",
      "inspections.inspection_start",
      "inspections.inspection_end",
      "inspections.published",
      "inspections.received",
      "inspections.basis_kind",
      "inspections.basis_date",
      eb
        .exists(
          eb
            .selectFrom("recommendations")
            .select("recommendations.id")
            .whereRef("recommendations.inspection_id", "=", "inspections.id")
            .where("recommendations.priority", "=", 1),
        )
        .as("has_priority_actions"),
    ])
    .where("inspections.kind", "in", [...ILACS_KINDS, "focused_visit"])
    .orderBy("authorities.name")
    .orderBy("inspections.id")
    .execute();
}
