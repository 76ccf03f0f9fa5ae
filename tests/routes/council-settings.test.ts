import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { planDigests } from "../../db/reminders";
import { loader as actionLoader } from "../../app/routes/actions.$actionId";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/board_.settings";
import { getSettings } from "../../app/models/settings.server";
import { addDaysIso, todayInLondon } from "../../app/utils/dates";
import { createAuthority, createInspection, createTestUser, setAction } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

// Each council works to its own amber window and grace for "immediately"; administrators set the
// defaults a council follows until it sets its own.

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const alpha = await createAuthority("Alpha");
  const beta = await createAuthority("Beta");
  const admin = await createTestUser({ role: "admin", name: "Ada Admin" });
  const lead = await createTestUser({ role: "improvement_lead", authorityId: alpha.id });
  const owner = await createTestUser({ role: "service_manager", authorityId: alpha.id, name: "Alpha Owner" });
  const member = await createTestUser({ role: "board_member", authorityId: alpha.id });
  const betaLead = await createTestUser({ role: "improvement_lead", authorityId: beta.id });
  const betaOwner = await createTestUser({ role: "service_manager", authorityId: beta.id, name: "Beta Owner" });
  // One action in each council, due in 20 days: Amber only where the window is longer than 20 days.
  const due = addDaysIso(todayInLondon(), 20);
  const alphaAction = (await createInspection(alpha.id)).actionIds[0];
  const betaAction = (await createInspection(beta.id)).actionIds[0];
  await setAction(alphaAction, { owner_id: owner.id, target_date: due, status: "in_progress" });
  await setAction(betaAction, { owner_id: betaOwner.id, target_date: due, status: "in_progress" });
  return { alpha, beta, admin, lead, owner, member, betaLead, betaOwner, alphaAction, betaAction };
}

beforeEach(async () => {
  w = await world();
});

const save = async (userId: number, body: Record<string, string>) =>
  call(settingsAction, postRequest("/board/settings", body, await sessionCookie(userId)));

async function ragSeenBy(userId: number, actionId: number) {
  const response = await call(actionLoader, getRequest(`/actions/${actionId}`, await sessionCookie(userId)), {
    actionId: String(actionId),
  });
  const data = (await response.json()) as { action: { rag: string }; amberWindowDays: number };
  return { rag: data.action.rag, window: data.amberWindowDays };
}

describe("a council's own amber window", () => {
  it("turns its actions Amber earlier, for its people and for an administrator, and leaves other councils alone", async () => {
    expect(await ragSeenBy(w.owner.id, w.alphaAction)).toEqual({ rag: "green", window: 14 });

    const saved = await save(w.lead.id, { intent: "plan", amberWindowDays: "28", immediateGraceDays: "" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/board/settings?authority=${w.alpha.id}`);

    expect(await ragSeenBy(w.owner.id, w.alphaAction)).toEqual({ rag: "amber", window: 28 });
    expect(await ragSeenBy(w.admin.id, w.alphaAction)).toEqual({ rag: "amber", window: 28 });
    expect(await ragSeenBy(w.betaOwner.id, w.betaAction)).toEqual({ rag: "green", window: 14 });
    expect(await ragSeenBy(w.admin.id, w.betaAction)).toEqual({ rag: "green", window: 14 });
    expect(await getSettings(w.alpha.id)).toEqual({ amberWindowDays: 28, immediateGraceDays: 28 });

    // Reminders: Alpha's owner hears about the action due in 20 days; Beta's does not.
    const digests = await planDigests(todayInLondon(), "https://plans.example");
    const owners = digests.filter((d) => d.kind === "owner_digest").map((d) => d.recipient.name);
    expect(owners).toContain("Alpha Owner");
    expect(owners).not.toContain("Beta Owner");
    const alphaDigest = digests.find((d) => d.recipient.name === "Alpha Owner")!;
    expect(alphaDigest.digest.text).toContain("Due in the next 28 days");

    const audit = await getDb()
      .selectFrom("audit_events")
      .select(["event", "authority_id", "before", "after"])
      .where("event", "=", "authority.plan_settings_changed")
      .execute();
    expect(audit).toEqual([
      {
        event: "authority.plan_settings_changed",
        authority_id: w.alpha.id,
        before: JSON.stringify({ amberWindowDays: null, immediateGraceDays: null }),
        after: JSON.stringify({ amberWindowDays: 28, immediateGraceDays: null }),
      },
    ]);
  });

  it("follows the administrators' defaults until the council sets its own, and again once the box is emptied", async () => {
    expect((await save(w.lead.id, { intent: "plan", amberWindowDays: "", immediateGraceDays: "10" })).status).toBe(302);
    expect(
      (await save(w.admin.id, { intent: "defaults", amberWindowDays: "21", immediateGraceDays: "20" })).status,
    ).toBe(302);
    expect(await getSettings(w.alpha.id)).toEqual({ amberWindowDays: 21, immediateGraceDays: 10 });
    expect(await getSettings(w.beta.id)).toEqual({ amberWindowDays: 21, immediateGraceDays: 20 });
    expect(await ragSeenBy(w.betaOwner.id, w.betaAction)).toEqual({ rag: "amber", window: 21 });

    expect((await save(w.lead.id, { intent: "plan", amberWindowDays: "", immediateGraceDays: "" })).status).toBe(302);
    expect(await getSettings(w.alpha.id)).toEqual({ amberWindowDays: 21, immediateGraceDays: 20 });
    const page = (await (
      await call(settingsLoader, getRequest("/board/settings", await sessionCookie(w.admin.id)))
    ).json()) as {
      defaults: { amberWindowDays: number };
      authorities: { name: string; amber_window_days: number | null }[];
    };
    expect(page.defaults.amberWindowDays).toBe(21);
    expect(page.authorities.map((a) => [a.name, a.amber_window_days])).toEqual([
      ["Alpha", null],
      ["Beta", null],
    ]);
  });
});

describe("who may set what", () => {
  it("refuses numbers out of range or not whole, keeping what was typed", async () => {
    for (const [amber, grace, field, message] of [
      ["0", "", "amberWindowDays", "The amber window must be at least 1 day"],
      ["91", "", "amberWindowDays", "The amber window can be at most 90 days"],
      ["two weeks", "", "amberWindowDays", "Enter the amber window as a whole number of days, for example 14"],
      ["", "-1", "immediateGraceDays", "Enter the grace days as a whole number of days, for example 28"],
      ["", "120", "immediateGraceDays", "The grace days can be at most 90 days"],
    ]) {
      const response = await save(w.lead.id, { intent: "plan", amberWindowDays: amber, immediateGraceDays: grace });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: Record<string, string>; submitted: Record<string, string> };
      expect(body.errors[field]).toBe(message);
      expect(body.submitted.amberWindowDays).toBe(amber);
    }
    const blankDefaults = await save(w.admin.id, { intent: "defaults", amberWindowDays: "", immediateGraceDays: "28" });
    expect(blankDefaults.status).toBe(400);
    expect(((await blankDefaults.json()) as { errors: Record<string, string> }).errors).toHaveProperty(
      "defaults-amberWindowDays",
    );
    expect(await getSettings(w.alpha.id)).toEqual({ amberWindowDays: 14, immediateGraceDays: 28 });
  });

  it("is for a council's leads (their own council only) and administrators; defaults for administrators only", async () => {
    for (const user of [w.owner, w.member]) {
      expect((await save(user.id, { intent: "plan", amberWindowDays: "30", immediateGraceDays: "" })).status).toBe(403);
    }
    expect(
      (await save(w.lead.id, { intent: "defaults", amberWindowDays: "30", immediateGraceDays: "30" })).status,
    ).toBe(403);
    // Beta's lead naming Alpha sets Beta's own: a lead has no choice of council.
    await save(w.betaLead.id, {
      intent: "plan",
      authorityId: String(w.alpha.id),
      amberWindowDays: "7",
      immediateGraceDays: "",
    });
    expect(await getSettings(w.alpha.id)).toEqual({ amberWindowDays: 14, immediateGraceDays: 28 });
    expect(await getSettings(w.beta.id)).toEqual({ amberWindowDays: 7, immediateGraceDays: 28 });
    // An administrator must say which council; an unknown one is 404.
    expect((await save(w.admin.id, { intent: "plan", amberWindowDays: "7", immediateGraceDays: "" })).status).toBe(400);
    expect(
      (await save(w.admin.id, { intent: "plan", authorityId: "999999", amberWindowDays: "7", immediateGraceDays: "" }))
        .status,
    ).toBe(404);
    expect((await save(w.admin.id, { intent: "bogus" })).status).toBe(400);
  });
});
