import { getDb } from "../../db/client";
import { isInBankHolidayTableRange } from "../domain/bank-holidays";
import { ofstedParagraph } from "../domain/board-pack-options";
import { TIMESCALE_LABELS } from "../domain/due-dates";
import { type Actor, canSeeAuthority } from "../domain/permissions";
import { actionReference, sectionLabel } from "../domain/references";
import { statementOfActionDeadline } from "../domain/working-days";

// The statement of action: the written plan a council sends Ofsted after an inspection (70
// working days after receiving the report; 20 after a focused visit with areas for priority
// action), made from the plan of one inspection: each recommendation with its actions, their
// leads, target dates and what good looks like. The recommendations come at once (reports have
// tens); their actions are read a page of recommendations at a time, so an imported plan of any
// size is written within bounded memory.

export interface StatementAction {
  number: string;
  title: string;
  description: string;
  lead: string;
  partnerAgency: string | null;
  targetDate: string | null;
  successMeasure: string;
}

export interface StatementRecommendation {
  id: number;
  number: number;
  reference: string;
  paragraph: string | null;
  section: string;
  timescale: string | null;
  priority: boolean;
  dueDate: string | null;
  text: string;
}

export interface StatementOfAction {
  authority: { id: number; name: string; protectiveMarking: string };
  inspection: { id: number; title: string; kind: string; published: string | null };
  /** When it is due to Ofsted; null when the report's receipt (or publication) date is not known. */
  due: {
    deadline: string;
    workingDays: 20 | 70;
    received: string;
    /** True when the received date is not recorded and publication stands in for it. */
    receivedApproximated: boolean;
  } | null;
  today: string;
  recommendations: StatementRecommendation[];
  /** The actions of the given recommendations, in plan order, read from the database when asked. */
  actionsOf: (recommendationIds: readonly number[]) => Promise<Map<number, StatementAction[]>>;
}

/** Recommendations whose actions are read together. */
export const STATEMENT_PAGE_SIZE = 100;

/** Whether an inspection's report calls for a statement of action (see summariseInspectionWindows). */
export function needsStatementOfAction(kind: string, hasPriorityActions: boolean): boolean {
  return kind === "ilacs" || kind === "ilacs_short" || (kind === "focused_visit" && hasPriorityActions);
}

/** The statement of action for one inspection; null when the actor may not see it. */
export async function buildStatementOfAction(
  actor: Actor,
  inspectionId: number,
  today: string,
): Promise<StatementOfAction | null> {
  const db = getDb();
  const inspection = await db
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "inspections.id",
      "inspections.authority_id",
      "inspections.title",
      "inspections.kind",
      "inspections.short_name",
      "inspections.published",
      "inspections.basis_kind",
      "inspections.basis_date",
      "authorities.name as authority_name",
      "authorities.protective_marking",
    ])
    .where("inspections.id", "=", inspectionId)
    .executeTakeFirst();
  if (!inspection || !canSeeAuthority(actor, inspection.authority_id)) return null;

  const recommendations = await db
    .selectFrom("recommendations")
    .select(["id", "reference", "position", "paragraph_number", "section", "timescale", "priority", "due_date", "text"])
    .where("inspection_id", "=", inspectionId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const priorityAction = inspection.kind === "focused_visit" && recommendations.some((r) => r.priority === 1);
  const received = inspection.basis_kind === "received" ? inspection.basis_date : inspection.published;
  const deadline =
    received && isInBankHolidayTableRange(received) ? statementOfActionDeadline(received, { priorityAction }) : null;
  const positions = new Map(recommendations.map((r) => [r.id, r.position]));

  return {
    authority: {
      id: inspection.authority_id,
      name: inspection.authority_name,
      protectiveMarking: inspection.protective_marking,
    },
    inspection: {
      id: inspection.id,
      title: inspection.title,
      kind: inspection.kind,
      published: inspection.published,
    },
    due:
      received && deadline && isInBankHolidayTableRange(deadline)
        ? {
            deadline,
            workingDays: priorityAction ? 20 : 70,
            received,
            receivedApproximated: inspection.basis_kind !== "received",
          }
        : null,
    today,
    recommendations: recommendations.map((r) => ({
      id: r.id,
      number: r.position + 1,
      reference: r.reference,
      paragraph: ofstedParagraph(r.paragraph_number, r.text),
      section: sectionLabel(r.section),
      timescale: r.timescale ? TIMESCALE_LABELS[r.timescale] : null,
      priority: r.priority === 1,
      dueDate: r.due_date,
      text: r.text,
    })),
    actionsOf: async (recommendationIds) => {
      const byRecommendation = new Map<number, StatementAction[]>(recommendationIds.map((id) => [id, []]));
      if (recommendationIds.length === 0) return byRecommendation;
      const rows = await db
        .selectFrom("actions")
        .leftJoin("users as owner", "owner.id", "actions.owner_id")
        .select([
          "actions.recommendation_id",
          "actions.sequence",
          "actions.title",
          "actions.description",
          "actions.partner_agency",
          "actions.target_date",
          "actions.success_measure",
          "owner.name as owner_name",
        ])
        .where("actions.recommendation_id", "in", recommendationIds)
        // Withdrawn actions are not part of the plan.
        .where("actions.withdrawn_at", "is", null)
        .orderBy("actions.sequence")
        .orderBy("actions.id")
        .execute();
      for (const a of rows) {
        byRecommendation.get(a.recommendation_id)?.push({
          number: actionReference(inspection.short_name, positions.get(a.recommendation_id) ?? 0, a.sequence),
          title: a.title,
          description: a.description,
          lead: a.owner_name ?? "Not assigned",
          partnerAgency: a.partner_agency,
          targetDate: a.target_date,
          successMeasure: a.success_measure,
        });
      }
      return byRecommendation;
    },
  };
}
