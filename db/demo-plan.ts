import type { Actor } from "../app/domain/permissions";
import { statementOfActionDeadline } from "../app/domain/working-days";
import { ActionStory, daysBetween, plusDays, workday } from "./demo-timeline";
import { themeFor } from "./demo-themes";

// The demo story: what happened to each plan, told as dated events through the model functions.
// Deterministic: the only input that varies is `today` (for the live plan).

export interface PlanCast {
  lead: Actor;
  managers: Actor[];
  /** e.g. hackney.example.gov.uk, for evidence links. */
  domain: string;
}

export interface PlanAction {
  reference: string;
  recommendationId: number;
  actionId: number;
  text: string;
  dueDate: string | null;
}

interface Ctx {
  story: ActionStory;
  cast: PlanCast;
  owner: Actor;
  action: PlanAction;
  index: number;
  /** The year the plan started, for document links. */
  year: string;
}

function documentUrl(ctx: Ctx, slug: string): string {
  return `https://documents.${ctx.cast.domain}/childrens-services/improvement-plan-${ctx.year}/${ctx.action.reference.toLowerCase()}-${slug}.pdf`;
}

/** Owner records a start-up update soon after being assigned. */
async function start(ctx: Ctx, assignedOn: string) {
  await ctx.story.progress(ctx.owner, themeFor(ctx.action.text).start, workday(plusDays(assignedOn, 4)));
}

/**
 * The usual course: midway update, completion evidence just before the target date, impact
 * evidence for every other action, submitted and signed off within about three months of it.
 */
async function deliver(ctx: Ctx, from: string, due: string, options: { sendBack?: string } = {}) {
  const { story, owner, cast, index } = ctx;
  const theme = themeFor(ctx.action.text);
  const midway = workday(plusDays(from, Math.max(8, Math.floor(daysBetween(from, due) / 2))));
  await story.progress(owner, theme.midway, midway);
  const completed = workday(plusDays(due, -3) > plusDays(midway, 2) ? plusDays(due, -3) : plusDays(midway, 2));
  await story.evidence(
    owner,
    { kind: "link", purpose: "completion", description: theme.completion, url: documentUrl(ctx, theme.slug) },
    completed,
  );
  await story.progress(owner, "Work complete. Evidence of completion added; gathering evidence of impact.", completed);
  let submitted = workday(plusDays(completed, 24 + (index % 4) * 7));
  if (index % 2 === 0 && !options.sendBack) {
    await story.evidence(owner, impactNote(ctx), workday(plusDays(completed, 21)));
  }
  await story.move(owner, "submit", submitted);
  if (options.sendBack) {
    await story.move(cast.lead, "send_back", workday(plusDays(submitted, 6)), options.sendBack);
    await story.evidence(owner, impactNote(ctx), workday(plusDays(submitted, 20)));
    submitted = workday(plusDays(submitted, 21));
    await story.move(owner, "submit", submitted);
  }
  const signedOff = workday(plusDays(submitted, 7 + (index % 5) * 8));
  await story.move(cast.lead, "sign_off", signedOff);
  return signedOff;
}

function impactNote(ctx: Ctx) {
  const theme = themeFor(ctx.action.text);
  return {
    kind: "note" as const,
    purpose: "impact" as const,
    description: `${theme.impact}. Held in the improvement plan evidence folder under ${ctx.action.reference}.`,
  };
}

type Override = (ctx: Ctx, assignedOn: string) => Promise<void>;

const slippedThenDone =
  (newTarget: string, reason: string): Override =>
  async (ctx, assignedOn) => {
    await start(ctx, assignedOn);
    const due = ctx.action.dueDate ?? newTarget;
    await ctx.story.target(ctx.cast.lead, newTarget, reason, workday(plusDays(due, -10)));
    await deliver(ctx, plusDays(due, -9), newTarget);
  };

/** Historical plans by seed file name; references not listed follow the usual course. */
const HISTORICAL_OVERRIDES: Record<string, Record<string, Override>> = {
  "hackney-2012-slac": {
    "SG-6M-1": slippedThenDone(
      "2013-04-30",
      "The workforce strategy is being aligned with the council-wide workforce plan, which goes to Cabinet in March 2013.",
    ),
    "LAC-3M-2": slippedThenDone(
      "2013-01-31",
      "Scanning of archived paper files is contracted out and the supplier's start was delayed to November 2012.",
    ),
    "LAC-6M-1": async (ctx, assignedOn) => {
      await start(ctx, assignedOn);
      await ctx.story.target(
        ctx.cast.lead,
        "2013-07-31",
        "The participation strategy will be co-produced with the children in care council, whose next cycle starts in spring 2013.",
        "2013-01-04",
      );
      await ctx.story.progress(ctx.owner, themeFor(ctx.action.text).midway, "2013-05-13");
      await ctx.story.progress(
        ctx.owner,
        "Strategy drafted. Approval by the corporate parenting board has been postponed twice; no new date yet.",
        "2013-09-16",
      );
    },
  },
  "hammersmith-fulham-2011-slac": {
    "SG-6M-2": slippedThenDone(
      "2012-04-30",
      "Performance reports move to the new case management system in March 2012; managers' training is scheduled after go-live.",
    ),
    // Never picked up: no owner and not started, so it shows on the overdue list as a gap.
    "LAC-6M-1": async () => {},
  },
  "havering-2011-slac": {
    "SG-3M-3": slippedThenDone(
      "2012-03-31",
      "Depends on the HSCB's new constitution, which is on the agenda for the March 2012 board meeting.",
    ),
    "SG-3M-7": async (ctx, assignedOn) => {
      await start(ctx, assignedOn);
      const theme = themeFor(ctx.action.text);
      await ctx.story.progress(ctx.owner, theme.midway, "2011-12-19");
      await ctx.story.evidence(
        ctx.owner,
        { kind: "link", purpose: "completion", description: theme.completion, url: documentUrl(ctx, theme.slug) },
        "2012-02-13",
      );
      await ctx.story.move(ctx.owner, "submit", "2012-02-14");
      await ctx.story.progress(
        ctx.cast.lead,
        "Sign-off held: the HSCB asked for the annual report to be re-presented by the clinical commissioning group that replaces NHS Outer North East London.",
        "2012-03-12",
      );
    },
    "SG-6M-5": async (ctx, assignedOn) => {
      await start(ctx, assignedOn);
      await ctx.story.progress(ctx.owner, themeFor(ctx.action.text).midway, "2012-02-06");
      await ctx.story.flag(
        ctx.owner,
        "off_track",
        "Health visitor recruitment has not filled the vacancies; NHS Outer North East London is re-advertising.",
        "2012-05-08",
      );
    },
    "LAC-6M-1": async (ctx, assignedOn) => {
      await start(ctx, assignedOn);
      await ctx.story.target(
        ctx.cast.lead,
        "2012-09-28",
        "The sufficiency strategy will follow the commissioning review, which reports in July 2012.",
        "2012-04-18",
      );
      await ctx.story.target(
        ctx.cast.lead,
        "2012-12-31",
        "Cabinet approval of the sufficiency strategy moved to the December 2012 meeting.",
        "2012-09-20",
      );
      await deliver(ctx, "2012-09-21", "2012-12-31");
    },
    "LAC-3M-4": async (ctx, assignedOn) => {
      await start(ctx, assignedOn);
      await deliver(ctx, assignedOn, ctx.action.dueDate ?? "2012-01-28", {
        sendBack: "Please add the apprenticeship scheme's placement figures as evidence of impact before sign-off.",
      });
    },
    "LAC-3M-5": async (ctx, assignedOn) => {
      await start(ctx, assignedOn);
      const signedOff = await deliver(ctx, assignedOn, ctx.action.dueDate ?? "2012-01-28");
      const reopened = workday(plusDays(signedOff, 100));
      await ctx.story.move(
        ctx.cast.lead,
        "reopen",
        reopened,
        "The June 2012 supervision re-audit found the recording standard slipping in two teams. Reopened until a further audit shows improvement.",
      );
      await ctx.story.progress(
        ctx.owner,
        "Refresher sessions held with the two teams' managers; re-audit booked.",
        workday(plusDays(reopened, 21)),
      );
      await ctx.story.evidence(ctx.owner, impactNote(ctx), workday(plusDays(reopened, 90)));
      await ctx.story.move(ctx.owner, "submit", workday(plusDays(reopened, 91)));
      await ctx.story.move(ctx.cast.lead, "sign_off", workday(plusDays(reopened, 105)));
    },
  },
};

/**
 * A 2011-2012 plan: every action assigned to a service manager ten days after publication and, apart
 * from the few overridden above, delivered and signed off within a few months of its due date.
 */
export async function playHistoricalPlan(input: {
  seed: string;
  published: string;
  cast: PlanCast;
  actions: PlanAction[];
  latest: Date;
}) {
  const overrides = HISTORICAL_OVERRIDES[input.seed] ?? {};
  const assignedOn = workday(plusDays(input.published, 10));
  for (const [index, action] of input.actions.entries()) {
    const override = overrides[action.reference];
    const owner = input.cast.managers[index % input.cast.managers.length];
    const ctx: Ctx = {
      story: new ActionStory(action.actionId, input.latest),
      cast: input.cast,
      owner,
      action,
      index,
      year: input.published.slice(0, 4),
    };
    if (override && override.length === 0) continue;
    await ctx.story.assign(input.cast.lead, owner, assignedOn);
    if (override) {
      await override(ctx, assignedOn);
    } else {
      await start(ctx, assignedOn);
      await deliver(ctx, assignedOn, action.dueDate ?? plusDays(input.published, 180));
    }
  }
}

/** The earliest `today` the live story fits: its first relative event must follow the statement of action. */
export const EARLIEST_LIVE_TODAY = "2025-06-01";

/**
 * The live Hackney 2024 ILACS plan. The report gives no timescales, so the lead sets target dates
 * in the statement of action; later revisions and the current state sit around `today`:
 * overdue, due soon, awaiting sign-off, flagged at risk, on track, not started, a gap with no
 * target date, and one signed off.
 */
export async function playLivePlan(input: {
  received: string;
  cast: PlanCast;
  actions: PlanAction[];
  today: string;
  latest: Date;
}) {
  const { cast, today, latest } = input;
  if (today < EARLIEST_LIVE_TODAY) {
    throw new Error(`The demo story needs today on or after ${EARLIEST_LIVE_TODAY}; got ${today}.`);
  }
  const rel = (days: number) => workday(plusDays(today, days));
  const [leavingCare, housing, missing] = cast.managers;
  const lead = cast.lead;
  const byRef = new Map(input.actions.map((a) => [a.reference, a]));
  const rec = (reference: string) => {
    const action = byRef.get(reference);
    if (!action) throw new Error(`demo story: the 2024 ILACS has no recommendation ${reference}`);
    return action;
  };
  const url = (slug: string) =>
    `https://documents.${cast.domain}/childrens-services/ilacs-2024-action-plan/${slug}.pdf`;

  const assigned = workday(plusDays(input.received, 10));
  const planAgreed = workday(plusDays(statementOfActionDeadline(input.received), -5));
  const soaReason = "Target date agreed in the statement of action sent to Ofsted.";

  // R-1 accommodation: the first action slipped and is now overdue; a commissioning action is on track.
  const accommodation = new ActionStory(rec("R-1").actionId, latest);
  await accommodation.assign(lead, housing, assigned);
  await accommodation.progress(
    housing,
    "Housing needs of care leavers mapped with Benefits and Housing Needs. Draft proposal for a care leavers' quota in the allocations policy.",
    workday(plusDays(assigned, 35)),
  );
  await accommodation.target(lead, "2025-09-30", soaReason, planAgreed);
  await accommodation.progress(
    housing,
    "Allocations policy consultation closed; report to Cabinet being drafted.",
    "2025-06-16",
  );
  await accommodation.target(
    lead,
    rel(-21),
    "The September 2025 target was missed: the allocations policy change needs Cabinet approval. Target reset to follow the Cabinet decision.",
    rel(-130),
  );
  await accommodation.progress(
    housing,
    "Cabinet approved the revised allocations policy. First lettings under the quota expected next month.",
    rel(-60),
  );
  await accommodation.progress(
    housing,
    "Quota and priority band in place. Nominations agreement with two housing associations still to be signed, so the action is not complete.",
    rel(-10),
  );

  const supported = await ActionStory.added(
    lead,
    {
      recommendationId: rec("R-1").recommendationId,
      title: "Commission 20 more supported accommodation places for care leavers aged 18 to 21",
      description: "Joint commissioning with Housing; places to be available in the borough.",
      ownerId: housing.id,
      targetDate: rel(140),
    },
    planAgreed,
    latest,
  );
  await supported.progress(
    housing,
    "Tender evaluated; contract award report approved. Mobilisation plan agreed with the provider.",
    rel(-45),
  );

  // R-2 consistency of responses: one due within the amber window, one awaiting sign-off, one not started.
  const consistency = new ActionStory(rec("R-2").actionId, latest);
  await consistency.assign(lead, leavingCare, assigned);
  await consistency.target(lead, rel(9), soaReason, planAgreed);
  await consistency.progress(
    leavingCare,
    "Personal adviser caseloads reviewed; duty arrangements for the leaving care service redesigned.",
    "2025-01-20",
  );
  await consistency.progress(
    leavingCare,
    "New duty rota live. First audit of response times due before the target date.",
    rel(-30),
  );

  const localOffer = await ActionStory.added(
    lead,
    {
      recommendationId: rec("R-2").recommendationId,
      title: "Publish a translated local offer that explains the rent deposit scheme",
      description: "Co-produced with Hackney of Tomorrow and the care-experienced ambassadors.",
      ownerId: leavingCare.id,
      targetDate: rel(12),
    },
    planAgreed,
    latest,
  );
  await localOffer.progress(
    leavingCare,
    "Draft local offer reviewed by the care-experienced ambassadors; translations commissioned.",
    rel(-60),
  );
  await localOffer.evidence(
    leavingCare,
    {
      kind: "link",
      purpose: "completion",
      description: "Published local offer for care leavers, with translations",
      url: url("local-offer-2026"),
    },
    rel(-12),
  );
  await localOffer.move(leavingCare, "submit", rel(-8));

  await ActionStory.added(
    lead,
    {
      recommendationId: rec("R-2").recommendationId,
      title: "Refresh personal adviser practice standards and the audit tool that checks them",
      description: "",
      ownerId: leavingCare.id,
      targetDate: rel(75),
    },
    rel(-20),
    latest,
  );

  // R-3 return home interviews: flagged at risk, one signed off last year, one with no target date yet.
  const interviews = new ActionStory(rec("R-3").actionId, latest);
  await interviews.assign(lead, missing, assigned);
  await interviews.target(lead, "2026-03-31", soaReason, planAgreed);
  await interviews.progress(
    missing,
    "Return home interview performance baselined; service specification for re-procurement drafted.",
    "2025-01-13",
  );
  await interviews.progress(missing, "Re-procurement of the return home interview service under way.", rel(-120));
  await interviews.target(
    lead,
    rel(60),
    "The return home interview service is being re-procured; target reset to three months after the new contract starts.",
    rel(-90),
  );
  await interviews.flag(
    missing,
    "at_risk",
    "The current contract ends before the new provider starts; an interim arrangement is still being agreed.",
    rel(-14),
  );

  const tracker = await ActionStory.added(
    lead,
    {
      recommendationId: rec("R-3").recommendationId,
      title: "Weekly missing-children tracker reviewed by the head of service",
      description: "",
      ownerId: missing.id,
      targetDate: "2025-03-31",
    },
    planAgreed,
    latest,
  );
  await tracker.progress(
    missing,
    "Tracker built from the case management system; weekly review meeting set up.",
    "2024-12-16",
  );
  await tracker.evidence(
    missing,
    {
      kind: "link",
      purpose: "completion",
      description: "Terms of reference for the weekly missing-children review",
      url: url("missing-review-terms-of-reference"),
    },
    "2025-03-14",
  );
  await tracker.evidence(
    missing,
    {
      kind: "note",
      purpose: "impact",
      description:
        "Quarterly missing-children performance report (January to March 2025): return home interviews offered within 72 hours up from the baseline. Held in the ILACS evidence folder.",
      evidenceDate: "2025-03-31",
    },
    "2025-04-02",
  );
  await tracker.move(missing, "submit", "2025-04-03");
  await tracker.move(lead, "sign_off", "2025-04-15");

  await ActionStory.added(
    lead,
    {
      recommendationId: rec("R-3").recommendationId,
      title: "Report the quality of return home interviews to the improvement board each quarter",
      description: "Target date to be set once the new provider's start date is confirmed.",
      ownerId: missing.id,
      targetDate: null,
    },
    rel(-20),
    latest,
  );
}
