import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { ACTION_STATUSES, computeRag, type RiskFlag } from "../../app/domain/rag";
import { ragExpression } from "../../app/models/rag-sql.server";
import { listRecommendationActions } from "../../app/models/impact.server";
import { getInspection } from "../../app/models/inspection.server";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createEveryCombination,
  createInspection,
  createTestUser,
  setAction,
  TODAY,
} from "../factories";

describe("RAG in SQL", () => {
  it("agrees with computeRag for every status, flag and target date around the amber window", async () => {
    const targets = [
      null,
      "2024-08-01",
      "2024-09-01",
      "2024-09-02",
      "2024-09-03",
      "2024-09-16",
      "2024-09-17",
      "2025-01-01",
    ];
    const flags: RiskFlag[] = [null, "at_risk", "off_track"];
    const cases = ACTION_STATUSES.flatMap((status) =>
      targets.flatMap((targetDate) => flags.map((riskFlag) => ({ status, targetDate, riskFlag }))),
    );
    const authority = await createAuthority();
    const { actionIds } = await createInspection(
      authority.id,
      buildReport({ recommendations: cases.map(() => buildRecommendation()) }),
    );
    for (const [i, c] of cases.entries()) {
      await setAction(actionIds[i], { status: c.status, target_date: c.targetDate, risk_flag: c.riskFlag });
    }
    const rows = await getDb()
      .selectFrom("actions")
      .select((eb) => ["id", ragExpression(eb, TODAY, 14).as("rag")])
      .orderBy("id")
      .execute();
    const expected = cases.map((c) => computeRag({ ...c, today: TODAY, amberWindowDays: 14 }));
    expect(rows.map((r) => r.rag)).toEqual(expected);
    expect(new Set(expected)).toEqual(new Set(["blue", "green", "amber", "red", "grey"]));
  });

  it("gives the inspection and recommendation pages' actions the same RAG as computeRag", async () => {
    const authority = await createAuthority();
    const { combos, inspectionId } = await createEveryCombination(authority.id, [
      null,
      "2024-09-01",
      "2024-09-16",
      "2025-01-01",
    ]);
    const { actor } = await createTestUser({ authorityId: authority.id });
    const expected = combos.map((c) =>
      computeRag({
        status: c.status,
        targetDate: c.target_date,
        riskFlag: c.risk_flag,
        today: TODAY,
        amberWindowDays: 14,
      }),
    );

    const inspection = await getInspection(actor, inspectionId, TODAY, 14);
    expect(inspection!.recommendations.flatMap((r) => r.actions.map((a) => a.rag))).toEqual(expected);
    const perRecommendation = await Promise.all(
      inspection!.recommendations.map((r) => listRecommendationActions(actor, r.id, TODAY, 14)),
    );
    expect(perRecommendation.flat().map((a) => a.rag)).toEqual(expected);
    expect(new Set(expected)).toEqual(new Set(["blue", "green", "amber", "red", "grey"]));
  });
});
