import { councilOf, getSettings, type PlanSettings } from "../models/settings.server";
import { requireUser } from "./auth.server";
import { todayInLondon } from "./dates";

/**
 * What almost every page needs: the signed-in user, today's date in London and the plan settings of
 * the user's council (the defaults for an administrator, who works across councils).
 */
export async function requireContext(request: Request) {
  const user = await requireUser(request);
  const settings = await getSettings(user.actor.authorityId);
  return { user, actor: user.actor, today: todayInLondon(), settings };
}

/**
 * The plan settings of the council a page is about: the user's own, already loaded, or (for an
 * administrator looking at a council) that council's.
 */
export async function councilSettings(
  context: { actor: { authorityId: number | null }; settings: PlanSettings },
  authorityId: number | null | undefined,
): Promise<PlanSettings> {
  if (authorityId === undefined || authorityId === null || authorityId === context.actor.authorityId) {
    return context.settings;
  }
  return getSettings(authorityId);
}

/** The plan settings for a page about one action or inspection (see councilSettings). */
export async function recordSettings(
  context: { actor: { role: string; authorityId: number | null }; settings: PlanSettings },
  kind: "action" | "inspection",
  id: number,
): Promise<PlanSettings> {
  // Everyone but an administrator sees only their own council's records.
  if (context.actor.role !== "admin") return context.settings;
  return councilSettings(context, await councilOf(kind, id));
}
