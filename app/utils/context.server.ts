import { getSettings } from "../models/settings.server";
import { requireUser } from "./auth.server";
import { todayInLondon } from "./dates";

/** What almost every page needs: the signed-in user, today's date in London and the plan settings. */
export async function requireContext(request: Request) {
  const user = await requireUser(request);
  const settings = await getSettings();
  return { user, actor: user.actor, today: todayInLondon(), settings };
}
