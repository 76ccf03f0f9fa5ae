import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { type ImportBasis, inspectionTitle, planRecommendations, resolveBasisDate } from "../domain/import-plan";
import type { Actor } from "../domain/permissions";
import type { ParsedReport } from "../import/types";
import { inspectionShortName } from "../domain/references";
import { recordAuditEvent } from "./audit.server";
import { findAuthorityByName } from "./authority.server";
import { inspectionKept } from "./plan-scope.server";
import { ragExpression } from "./rag-sql.server";

/** SHA-256 of the text with line endings and trailing spaces normalised: the same document hashes the same. */
export function contentHash(text: string): string {
  const normalised = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
  return crypto.createHash("sha256").update(normalised).digest("hex");
}

/** What inspections.content_hash holds: a document is recognised within one council's plan only. */
function authorityHash(authorityId: number, hash: string): string {
  return `${authorityId}:${hash}`;
}

/** The inspection in this authority's plan made from the same document, if there is one. */
export async function findInspectionByHash(
  authorityId: number,
  hash: string,
  db: Kysely<DB> | Transaction<DB> = getDb(),
) {
  return db
    .selectFrom("inspections")
    .select(["inspections.id", "inspections.title"])
    .where("inspections.authority_id", "=", authorityId)
    .where("content_hash", "=", authorityHash(authorityId, hash))
    .executeTakeFirst();
}

export interface ImportInput {
  report: ParsedReport;
  text: string;
  sourceFileName: string | null;
  /** An existing authority, or the name of one to create (administrators only). */
  authority: { id: number } | { newName: string };
  basis: ImportBasis;
  immediateGraceDays: number;
  userId: number | null;
  /** The lead confirmed that a report naming another authority belongs in this plan. */
  confirmedOtherAuthority?: boolean;
  now: Date;
}

export type ImportResult = { status: "imported"; inspectionId: number } | { status: "duplicate"; inspectionId: number };

/**
 * Saves a parsed report as an inspection with its judgements, recommendations and one action per
 * recommendation, all in one transaction (the caller's, when given). A report without
 * recommendations saves its dates and judgements only. The same document imported twice into one
 * authority's plan creates nothing new.
 */
export async function importInspection(input: ImportInput, trx?: Transaction<DB>): Promise<ImportResult> {
  if (!trx)
    return getDb()
      .transaction()
      .execute((own) => importInspection(input, own));
  const hash = contentHash(input.text);
  const at = input.now.toISOString();
  const planned = planRecommendations(input.report, input.basis, input.immediateGraceDays);

  const authorityId =
    "id" in input.authority
      ? input.authority.id
      : ((await findAuthorityByName(input.authority.newName, trx))?.id ??
        (
          await trx
            .insertInto("authorities")
            .values({ name: input.authority.newName, created_at: at })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id);
  const existing = await findInspectionByHash(authorityId, hash, trx);
  if (existing) return { status: "duplicate", inspectionId: existing.id };

  const { report } = input;
  const taken = await trx
    .selectFrom("inspections")
    .select("short_name")
    .where("authority_id", "=", authorityId)
    .execute();
  const shortName = inspectionShortName(
    {
      kind: report.kind,
      published: report.published,
      inspectionEnd: report.inspectionEnd,
      inspectionStart: report.inspectionStart,
      importedAt: at,
    },
    new Set(taken.map((t) => t.short_name)),
  );
  const inspection = await trx
    .insertInto("inspections")
    .values({
      authority_id: authorityId,
      short_name: shortName,
      kind: report.kind,
      title: inspectionTitle(report),
      inspection_start: report.inspectionStart,
      inspection_end: report.inspectionEnd,
      published: report.published,
      basis_kind: input.basis.kind,
      basis_date: resolveBasisDate(report, input.basis),
      received: input.basis.kind === "received" ? resolveBasisDate(report, input.basis) : null,
      source_file_name: input.sourceFileName,
      content_hash: authorityHash(authorityId, hash),
      extracted_text: input.text,
      imported_by: input.userId,
      imported_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  if (report.judgements.length > 0) {
    await trx
      .insertInto("judgements")
      .values(
        report.judgements.map((j, position) => ({
          inspection_id: inspection.id,
          section: j.section,
          area: j.area,
          grade: j.grade,
          position,
        })),
      )
      .execute();
  }

  for (const [position, rec] of report.recommendations.entries()) {
    const plan = planned[position];
    const { id: recommendationId } = await trx
      .insertInto("recommendations")
      .values({
        inspection_id: inspection.id,
        reference: plan.reference,
        section: rec.section,
        section_set_by_lead: rec.sectionSetByLead ? 1 : 0,
        timescale: rec.timescale,
        heading: rec.heading,
        priority: rec.priority ? 1 : 0,
        text: rec.text,
        agencies: JSON.stringify(rec.agencies),
        paragraph_number: rec.paragraphNumber,
        framework_references: JSON.stringify(rec.frameworkReferences ?? []),
        position,
        source_line: rec.sourceLine,
        due_date: plan.dueDate,
        due_date_rule: plan.dueDateRule,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("actions")
      .values({
        recommendation_id: recommendationId,
        title: plan.actionTitle,
        description: "",
        owner_id: null,
        target_date: plan.dueDate,
        baseline_target_date: plan.dueDate,
        status: "not_started",
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  await recordAuditEvent(trx, {
    userId: input.userId,
    authorityId,
    entityType: "inspection",
    entityId: inspection.id,
    event: "inspection.imported",
    after: {
      title: inspectionTitle(report),
      recommendations: report.recommendations.length,
      judgements: report.judgements.length,
      sourceFileName: input.sourceFileName,
      ...(report.localAuthority ? { reportAuthority: report.localAuthority } : {}),
      ...(input.confirmedOtherAuthority ? { confirmedOtherAuthority: true } : {}),
    },
    at: input.now,
  });
  return { status: "imported", inspectionId: inspection.id };
}

/**
 * Inspections in the plan that the user may see, grouped by authority and oldest first, so each
 * authority's history reads in order, with the overall judgement (when the report gives one) and
 * plan counts. Removed inspections are listed by listRemovedInspections.
 */
export async function listInspections(actor: Actor) {
  let query = getDb()
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select((eb) => [
      "inspections.id",
      "inspections.title",
      "inspections.kind",
      "inspections.short_name",
      "inspections.inspection_start",
      "inspections.inspection_end",
      "inspections.published",
      "inspections.authority_id",
      "authorities.name as authority_name",
      eb
        .selectFrom("recommendations")
        .whereRef("recommendations.inspection_id", "=", "inspections.id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("recommendation_count"),
      eb
        .selectFrom("actions")
        .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
        .whereRef("recommendations.inspection_id", "=", "inspections.id")
        .where("actions.status", "!=", "signed_off")
        .where("actions.withdrawn_at", "is", null)
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("open_action_count"),
      eb
        .selectFrom("judgements")
        .whereRef("judgements.inspection_id", "=", "inspections.id")
        .where("judgements.area", "=", "Overall effectiveness")
        .orderBy("judgements.position")
        .select("judgements.grade")
        .limit(1)
        .as("overall_grade"),
    ])
    .where(inspectionKept)
    .orderBy("authorities.name")
    .orderBy((eb) => eb.fn.coalesce("inspections.inspection_start", "inspections.published"))
    .orderBy("inspections.id");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.execute();
}

/**
 * One inspection with its judgements and recommendations (each with its actions), if the user may
 * see it; a removed one too, with who removed it, when and why (its page says so).
 */
export async function getInspection(actor: Actor, inspectionId: number, today: string, amberWindowDays: number) {
  const db = getDb();
  let query = db
    .selectFrom("inspections")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .leftJoin("users as remover", "remover.id", "inspections.removed_by")
    .select([
      "inspections.id",
      "inspections.title",
      "inspections.kind",
      "inspections.inspection_start",
      "inspections.inspection_end",
      "inspections.published",
      "inspections.received",
      "inspections.basis_kind",
      "inspections.basis_date",
      "inspections.source_file_name",
      "inspections.imported_at",
      "inspections.authority_id",
      "inspections.version",
      "inspections.removed_at",
      "inspections.removed_reason",
      "remover.name as removed_by_name",
      "inspections.closed_at",
      "authorities.name as authority_name",
    ])
    .where("inspections.id", "=", inspectionId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const inspection = await query.executeTakeFirst();
  if (!inspection) return undefined;

  const [judgements, recommendations, actions] = await Promise.all([
    db
      .selectFrom("judgements")
      .select(["section", "area", "grade"])
      .where("inspection_id", "=", inspection.id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("recommendations")
      .select([
        "id",
        "reference",
        "section",
        "timescale",
        "heading",
        "priority",
        "text",
        "agencies",
        "paragraph_number",
        "framework_references",
        "position",
        "due_date",
        "due_date_rule",
        "extracted_text",
      ])
      .where("inspection_id", "=", inspection.id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("actions")
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .leftJoin("users", "users.id", "actions.owner_id")
      .select((eb) => [
        "actions.id",
        "actions.recommendation_id",
        "actions.sequence",
        "actions.withdrawn_at",
        "actions.title",
        "actions.status",
        "actions.target_date",
        "actions.risk_flag",
        "users.name as owner_name",
        ragExpression(eb, today, amberWindowDays).as("rag"),
      ])
      .where("recommendations.inspection_id", "=", inspection.id)
      .orderBy("actions.sequence")
      .orderBy("actions.id")
      .execute(),
  ]);
  return {
    ...inspection,
    judgements,
    recommendations: recommendations.map((rec) => ({
      ...rec,
      agencies: JSON.parse(rec.agencies) as string[],
      framework_references: JSON.parse(rec.framework_references) as string[],
      actions: actions.filter((a) => a.recommendation_id === rec.id),
    })),
  };
}
