import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as councilsAction, loader as councilsLoader } from "../../app/routes/admin.councils";
import { action as peopleAction, loader as peopleLoader } from "../../app/routes/people";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { buildWorld, type World } from "../helpers/world";

let w: World;
beforeEach(async () => {
  w = await buildWorld();
});

const post = async (path: string, who: number, body: Record<string, string>, handler = peopleAction) =>
  call(handler as never, postRequest(path, body, await sessionCookie(who)));

describe("a lead's people", () => {
  it("lists only their own council, and offers to change only service managers and board members", async () => {
    const response = await call(peopleLoader as never, getRequest("/people", await sessionCookie(w.people.lead.id)));
    const { people } = (await response.json()) as { people: { id: number; role: string; manageable: boolean }[] };
    const alpha = await getDb().selectFrom("users").select("id").where("authority_id", "=", w.authorityId).execute();
    expect(people.map((p) => p.id).sort()).toEqual(alpha.map((p) => p.id).sort());
    for (const p of people) {
      expect(p.manageable, p.role).toBe(
        p.id !== w.people.lead.id && ["service_manager", "board_member"].includes(p.role),
      );
    }
  });

  it("adds a service manager to the lead's own council with a link to choose a password, audited", async () => {
    const response = await post("/people", w.people.lead.id, {
      intent: "add",
      name: "Priya Patel",
      email: "Priya.Patel@alpha.gov.uk",
      role: "service_manager",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/people\?link=/);
    const added = await getDb()
      .selectFrom("users")
      .select(["id", "role", "authority_id", "password_set_at"])
      .where("email", "=", "priya.patel@alpha.gov.uk")
      .executeTakeFirstOrThrow();
    expect(added).toMatchObject({ role: "service_manager", authority_id: w.authorityId, password_set_at: null });
    const audit = await getDb()
      .selectFrom("audit_events")
      .select(["user_id", "event"])
      .where("entity_type", "=", "user")
      .where("entity_id", "=", added.id)
      .execute();
    expect(audit).toEqual([{ user_id: w.people.lead.id, event: "user.created" }]);
  });

  it("refuses a lead or administrator role, keeping what was typed", async () => {
    for (const role of ["improvement_lead", "admin"]) {
      const response = await post("/people", w.people.lead.id, {
        intent: "add",
        name: "Someone",
        email: `someone.${role}@alpha.gov.uk`,
        role,
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: Record<string, string>; values: Record<string, string> };
      expect(body.errors.role).toBeTruthy();
      expect(body.values.name).toBe("Someone");
    }
  });

  it("deactivates a service manager of their council but not a lead, and another council's person is not there", async () => {
    expect(
      (await post("/people", w.people.lead.id, { intent: "deactivate", userId: String(w.userIdToEdit) })).status,
    ).toBe(302);
    const { active } = await getDb()
      .selectFrom("users")
      .select("active")
      .where("id", "=", w.userIdToEdit)
      .executeTakeFirstOrThrow();
    expect(active).toBe(0);
    expect(
      (await post("/people", w.people.lead.id, { intent: "deactivate", userId: String(w.people.lead.id) })).status,
    ).toBe(403);
    expect(
      (await post("/people", w.people.lead.id, { intent: "deactivate", userId: String(w.people.admin.id) })).status,
    ).toBe(404);
    expect(
      (await post("/people", w.people.lead.id, { intent: "deactivate", userId: String(w.people.otherManager.id) }))
        .status,
    ).toBe(404);
    expect(
      (await post("/people", w.people.owner.id, { intent: "deactivate", userId: String(w.people.manager.id) })).status,
    ).toBe(403);
  });
});

describe("councils", () => {
  it("an administrator creates one, and another wording of an existing name is refused", async () => {
    const created = await post(
      "/admin/councils",
      w.people.admin.id,
      { intent: "create", name: "Gamma" },
      councilsAction,
    );
    expect(created.status).toBe(302);
    const again = await post(
      "/admin/councils",
      w.people.admin.id,
      { intent: "create", name: "Gamma Borough Council" },
      councilsAction,
    );
    expect(again.status).toBe(400);
    expect(((await again.json()) as { errors: { name: string } }).errors.name).toBe(
      "There is already a council called Gamma",
    );
  });

  it("an administrator renames one, audited with before and after", async () => {
    const renamed = await post(
      "/admin/councils",
      w.people.admin.id,
      { intent: "rename", id: String(w.authorityId), name: "Alpha Borough" },
      councilsAction,
    );
    expect(renamed.status).toBe(302);
    const audit = await getDb()
      .selectFrom("audit_events")
      .select(["event", "before", "after"])
      .where("entity_type", "=", "authority")
      .where("entity_id", "=", w.authorityId)
      .execute();
    expect(audit).toEqual([
      {
        event: "authority.renamed",
        before: JSON.stringify({ name: "Alpha" }),
        after: JSON.stringify({ name: "Alpha Borough" }),
      },
    ]);
    const page = await call(
      councilsLoader as never,
      getRequest(`/admin/councils?rename=${w.authorityId}`, await sessionCookie(w.people.admin.id)),
    );
    expect(((await page.json()) as { renaming: { name: string } }).renaming.name).toBe("Alpha Borough");
  });
});
