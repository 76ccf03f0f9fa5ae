import path from "node:path";
import { describe, expect, inject, test } from "vitest";
import { importAndOpenFirstAction, openBrowserSession, signIn } from "./helpers";

// Many people saving the same action at once, against the production server: for each version of
// the action exactly one edit wins and every other gets the conflict page (409) with what its
// author typed still in the form. Resubmitting the losers with the current version, round after
// round, saves every edit: nothing is lost. Progress updates are appended, so all of them stick.
// The plan comes from a report no other browser test imports.

const baseUrl = inject("baseUrl");
const users = inject("users");
const REPORT = path.resolve(import.meta.dirname, "../../db/fixtures/reports/pdf/24_slough_2026_fv.pdf");
const CONCURRENT = 50;

const session = openBrowserSession();
let actionPath = "";
let actionId = "";
let cookie = "";

/** A form post as the signed-in lead's browser would send it (same origin, session cookie). */
function post(fields: Record<string, string>): Promise<Response> {
  return fetch(baseUrl + actionPath, {
    method: "POST",
    headers: { Cookie: cookie, Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

async function get(pathAndQuery: string): Promise<string> {
  const response = await fetch(baseUrl + pathAndQuery, { headers: { Cookie: cookie }, redirect: "manual" });
  expect(response.status, pathAndQuery).toBe(200);
  return response.text();
}

/** The version every form on the action page carries. */
async function currentVersion(): Promise<number> {
  const versions = new Set(
    [...(await get(actionPath)).matchAll(/name="version" value="(\d+)"/g)].map((m) => Number(m[1])),
  );
  expect(versions.size).toBe(1);
  return [...versions][0];
}

/** The action's audit entries with this event, from the audit log's CSV download. */
async function auditedEvents(event: string): Promise<string[]> {
  const csv = await get(`/audit.csv?${new URLSearchParams({ action: actionId, event })}`);
  return csv.split(/\r?\n/).filter((line) => line.includes(`,${event},`));
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const edit = (title: string, version: number) => ({
  intent: "details",
  version: String(version),
  title,
  description: `Edited concurrently: ${title}`,
  partnerAgency: "",
  successMeasure: "",
});

describe(`${CONCURRENT} concurrent conflicting updates to one action`, () => {
  test("the lead imports a report and opens one of its actions", async () => {
    const { page } = session;
    await signIn(page, users.lead);
    actionPath = await importAndOpenFirstAction(page, REPORT);
    actionId = actionPath.split("/").at(-1) ?? "";
    cookie = (await session.context.cookies(baseUrl)).map((c) => `${c.name}=${c.value}`).join("; ");
    expect(cookie).not.toBe("");
  });

  test("a post from another site is refused and changes nothing", async () => {
    const version = await currentVersion();
    const response = await fetch(baseUrl + actionPath, {
      method: "POST",
      headers: {
        Cookie: cookie,
        Origin: "https://attacker.example",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(edit("Cross-site edit", version)).toString(),
      redirect: "manual",
    });
    // The HTTP server refuses it before Remix (whose own guard would answer an empty 500).
    expect(response.status).toBe(403);
    const page = await response.text();
    expect(page).toContain("Forms can only be sent from Followthrough's own pages.");
    expect(page).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    expect(await currentVersion()).toBe(version);
    expect(await get(actionPath)).not.toContain("Cross-site edit");
  });

  test(
    "one edit wins per version, the rest get the conflict page with their input, and resubmitting saves them all",
    { timeout: 300_000 },
    async () => {
      const startVersion = await currentVersion();
      const auditedBefore = (await auditedEvents("action.details_changed")).length;
      let pending = Array.from(
        { length: CONCURRENT },
        (_, i) => `Concurrent edit ${String(i + 1).padStart(2, "0")} <&> "quoted"`,
      );
      const winners: string[] = [];
      let round = 0;
      while (pending.length > 0) {
        round += 1;
        const version = await currentVersion();
        expect(version, `round ${round} starts one version on`).toBe(startVersion + round - 1);
        const responses = await Promise.all(pending.map((title) => post(edit(title, version))));
        const bodies = await Promise.all(responses.map((r) => r.text()));
        const won = pending.filter((_, i) => responses[i].status === 302);
        const lost = pending.filter((_, i) => responses[i].status === 409);
        // Every response is a save or the conflict page: no other outcome, no server error.
        expect(
          responses.map((r) => r.status).filter((s) => s !== 302 && s !== 409),
          `round ${round}`,
        ).toEqual([]);
        expect(won, `round ${round}: exactly one edit wins version ${version}`).toHaveLength(1);
        expect(lost).toHaveLength(pending.length - 1);
        for (const [i, title] of pending.entries()) {
          if (responses[i].status !== 409) continue;
          expect(bodies[i], "the conflict page").toContain("Not saved");
          expect(bodies[i]).toContain("since you opened it");
          // What this person typed is still in the form, ready to submit again.
          expect(bodies[i], `the conflict page keeps "${title}"`).toContain(`value="${escapeHtml(title)}"`);
        }
        expect(await currentVersion(), `round ${round}: the version went up by exactly one`).toBe(version + 1);
        expect((await auditedEvents("action.details_changed")).length, `round ${round}: one audit entry`).toBe(
          auditedBefore + round,
        );
        const page = await get(actionPath);
        expect(page, "the winner's title is the action's title").toContain(
          `<h1 class="govuk-heading-l">${escapeHtml(won[0])}</h1>`,
        );
        winners.push(won[0]);
        pending = lost;
      }
      // Every edit was saved once, in some order, each audited: nothing lost, nothing doubled.
      expect(round).toBe(CONCURRENT);
      expect([...winners].sort()).toEqual(
        Array.from(
          { length: CONCURRENT },
          (_, i) => `Concurrent edit ${String(i + 1).padStart(2, "0")} <&> "quoted"`,
        ).sort(),
      );
      expect(await currentVersion()).toBe(startVersion + CONCURRENT);
      const audited = await auditedEvents("action.details_changed");
      expect(audited).toHaveLength(auditedBefore + CONCURRENT);
    },
  );

  test(`${CONCURRENT} concurrent progress updates are all kept, each audited once`, async () => {
    const version = await currentVersion();
    const before = (await auditedEvents("action.progress_added")).length;
    const notes = Array.from({ length: CONCURRENT }, (_, i) => `Concurrent progress note ${i + 1} of ${CONCURRENT}.`);
    // Progress updates are appended, not edited, so a stale version does not matter.
    const responses = await Promise.all(notes.map((body) => post({ intent: "progress", version: "1", body })));
    expect(responses.map((r) => r.status)).toEqual(notes.map(() => 302));
    expect((await auditedEvents("action.progress_added")).length).toBe(before + CONCURRENT);
    const page = await get(actionPath);
    for (const note of notes) expect(page, note).toContain(note);
    // The first note starts the action (not started -> in progress), once; the others change nothing on it.
    expect(await currentVersion()).toBe(version + 1);
  });
});
