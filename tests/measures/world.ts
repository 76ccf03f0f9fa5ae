import { getDb } from "../../db/client";
import { createAuthority, createInspection, createTestUser } from "../factories";

/** Two authorities with a lead each; the first also has a manager, a board member and an inspection. */
export async function measuresWorld() {
  const authority = await createAuthority();
  const other = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const manager = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const board = await createTestUser({ role: "board_member", authorityId: authority.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: other.id });
  const { inspectionId } = await createInspection(authority.id);
  const otherInspection = await createInspection(other.id);
  const recommendationIds = async (id: number) =>
    (await getDb().selectFrom("recommendations").select("id").where("inspection_id", "=", id).orderBy("position").execute()).map((r) => r.id);
  return {
    authority,
    other,
    lead,
    manager,
    board,
    admin,
    outsider,
    inspectionId,
    recommendationIds: await recommendationIds(inspectionId),
    otherRecommendationIds: await recommendationIds(otherInspection.inspectionId),
  };
}

export const RE_REFERRALS = {
  name: "Re-referrals within 12 months",
  unit: "%",
  higherIsBetter: false,
  baselineValue: 16.5,
  baselinePeriod: "2018/19",
  targetValue: 16.3,
  targetPeriod: "2020/21",
  notes: "",
};
