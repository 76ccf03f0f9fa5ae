// The service area that delivers an action (the board groups progress by it): a short free-text
// name, since councils organise children's services differently.

/** The longest service area name accepted: long enough for "Children in care and care leavers (16+)". */
export const SERVICE_AREA_MAX = 100;

/**
 * A service area as typed: spaces trimmed and runs of spaces made one, so "Early  help " groups with
 * "Early help" on the board; blank means none. Refuses a name longer than SERVICE_AREA_MAX.
 */
export function normaliseServiceArea(
  value: string | null | undefined,
): { ok: true; value: string | null } | { ok: false; message: string } {
  const cleaned = (value ?? "").replace(/\s+/g, " ").trim();
  if (cleaned.length > SERVICE_AREA_MAX) {
    return { ok: false, message: `Keep the service area under ${SERVICE_AREA_MAX} characters` };
  }
  return { ok: true, value: cleaned === "" ? null : cleaned };
}
