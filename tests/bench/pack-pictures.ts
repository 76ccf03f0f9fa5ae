/**
 * npm run pack:pictures — pictures of the Word board pack as a board member would see it printed:
 * builds a demonstration plan (./board-plan.ts, 10 recommendations of 4 actions with a year of
 * history) in a temporary database, holds one board meeting, prepares the next one as a lead would
 * (pack choices, executive summary, commentary on an exception, an owner's recovery date), writes
 * that meeting's Word pack, converts it to PDF with LibreOffice (`soffice --headless`) and renders
 * the first two pages with poppler's `pdftoppm` into tests/board-pack/pictures/ (shown in the
 * README). Needs Debian's libreoffice-writer and poppler-utils; not run in CI.
 *
 *   --keep DIR   also keep the .docx, the PDF and a PNG of every page in DIR, to look at them all
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const out = path.join(root, "tests/board-pack/pictures");
const keepAt = process.argv.indexOf("--keep");
const keep = keepAt >= 0 ? path.resolve(process.argv[keepAt + 1] ?? "pack-pictures") : null;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-pack-pictures-"));
process.env.DATABASE_PATH = path.join(dir, "pictures.db");
process.env.SESSION_SECRET ??= "pack-pictures-session-secret";

const { closeDb, getDb } = await import("../../db/client");
const { migrateToLatest } = await import("../../db/migrate");
const { buildBoardPlan } = await import("./board-plan");
const meetings = await import("../../app/models/board-meetings.server");
const { flagActionRisk } = await import("../../app/models/action-changes.server");
const { buildBoardPackFrame } = await import("../../app/models/board-pack.server");
const { databasePackSource } = await import("../../app/exports/board-pack-source.server");
const { boardPackDocx } = await import("../../app/exports/board-pack-docx.server");
const { collectBytes } = await import("../../app/exports/zip-stream.server");

const MEETING_DATE = "2024-07-31";

async function preparePack() {
  const plan = await buildBoardPlan({ recommendations: 10, actionsPerRecommendation: 4, authorityName: "Benchshire" });
  const db = getDb();
  // Owners give recovery dates for two actions off track (history: the day before the meeting).
  const offTrack = await db
    .selectFrom("actions")
    .select(["id", "version", "owner_id"])
    .where("id", "in", plan.actionIds)
    .where("status", "!=", "signed_off")
    .orderBy("id")
    .limit(2)
    .execute();
  for (const [i, a] of offTrack.entries()) {
    const owner = plan.owners.find((o) => o.id === a.owner_id) ?? plan.lead;
    const result = await flagActionRisk(
      owner.actor,
      {
        actionId: a.id,
        version: a.version,
        flag: "off_track",
        reason: i === 0 ? "Two social work vacancies in the team" : "Case recording system upgrade delayed",
        recoveryDate: i === 0 ? "2024-09-30" : null,
      },
      new Date("2024-07-22T10:00:00Z"),
    );
    if (!result.ok) throw new Error(`flag failed: ${JSON.stringify(result)}`);
  }
  const now = new Date("2024-07-29T09:00:00Z");
  const earlier = await meetings.recordBoardMeeting(
    plan.lead.actor,
    plan.authority.id,
    { boardName: "Improvement Board", meetingDate: "2024-05-31" },
    now,
  );
  if (!earlier.ok) throw new Error("meeting");
  await meetings.markBoardMeetingHeld(
    plan.lead.actor,
    earlier.meetingId,
    { today: "2024-07-29", amberWindowDays: 14 },
    now,
  );
  const next = await meetings.recordBoardMeeting(
    plan.lead.actor,
    plan.authority.id,
    { boardName: "Improvement Board", meetingDate: MEETING_DATE },
    now,
  );
  if (!next.ok) throw new Error("meeting");
  await meetings.saveExecutiveSummary(
    plan.lead.actor,
    next.meetingId,
    "A third of the plan is signed off, and most of the rest is on track. The board is asked to note the recovery plans for the two actions off track, both in the front door, where two vacancies have now been filled.\n\nThe next quarter's focus is the quality of supervision, audited monthly.",
    now,
  );
  const frame = await buildBoardPackFrame(
    plan.lead.actor,
    plan.authority.id,
    await meetings.meetingPackRequest((await meetings.getBoardMeeting(plan.lead.actor, next.meetingId))!, {
      today: MEETING_DATE,
      amberWindowDays: 14,
    }),
  );
  const first = frame!.exceptions[0];
  if (first) {
    await meetings.saveExceptionCommentary(
      plan.lead.actor,
      next.meetingId,
      [
        {
          actionId: first.actionId,
          commentary: "Agency social workers in post from April; the lead will report progress monthly.",
        },
      ],
      now,
    );
  }
  const meeting = (await meetings.getBoardMeeting(plan.lead.actor, next.meetingId))!;
  const pack = (await buildBoardPackFrame(
    plan.member.actor,
    plan.authority.id,
    await meetings.meetingPackRequest(meeting, { today: MEETING_DATE, amberWindowDays: 14 }),
  ))!;
  return collectBytes(boardPackDocx(databasePackSource(pack)));
}

function run(command: string, args: string[]) {
  execFileSync(command, args, { stdio: ["ignore", "ignore", "inherit"], timeout: 180_000 });
}

async function main() {
  try {
    await migrateToLatest(getDb());
    const docx = await preparePack();
    const work = keep ?? dir;
    fs.mkdirSync(work, { recursive: true });
    const docxPath = path.join(work, "board-pack.docx");
    fs.writeFileSync(docxPath, docx);
    // A profile of its own, so a LibreOffice already running (another user's) is left alone.
    const profile = `file://${path.join(dir, "lo-profile")}`;
    run("soffice", [
      `-env:UserInstallation=${profile}`,
      "--headless",
      "--convert-to",
      "pdf",
      "--outdir",
      work,
      docxPath,
    ]);
    const pdf = path.join(work, "board-pack.pdf");
    fs.mkdirSync(out, { recursive: true });
    run("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "2", pdf, path.join(out, "page")]);
    // pdftoppm pads page numbers to the document's length ("page-01.png"): give them steady names.
    for (const file of fs.readdirSync(out).filter((f) => /^page-0*\d+\.png$/.test(f))) {
      const page = Number(/(\d+)/.exec(file)![1]);
      fs.renameSync(path.join(out, file), path.join(out, `board-pack-page-${page}.png`));
    }
    if (keep) {
      for (const old of fs.readdirSync(keep).filter((f) => /^page-\d+\.png$/.test(f))) fs.rmSync(path.join(keep, old));
      run("pdftoppm", ["-png", "-r", "80", pdf, path.join(keep, "page")]);
    }
    const pages = execFileSync("pdfinfo", [pdf], { encoding: "utf8" }).match(/Pages:\s+(\d+)/)?.[1];
    console.log(
      `pack:pictures ${pages} pages; first two in ${path.relative(root, out)}${keep ? `; all in ${keep}` : ""}`,
    );
    return 0;
  } finally {
    await closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
