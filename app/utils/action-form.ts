import { z } from "zod";
import { normaliseServiceArea } from "../domain/service-area";

// Form fields an action's pages share: the new-action form and the action page's own forms.
// Not a .server module, because routes build their schemas from these at module level, and a
// value from a .server module is undefined in the browser bundle.

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const PARTNER_AGENCY_MAX = 200;

/** A service area as typed on a form: spaces tidied, blank as null, a name too long refused with the reason. */
export const serviceAreaField = z
  .string()
  .default("")
  .transform((v, ctx) => {
    const normalised = normaliseServiceArea(v);
    if (!normalised.ok) ctx.addIssue({ code: "custom", message: normalised.message });
    return normalised.ok ? normalised.value : null;
  });

/** An action's title, description, partner agency and what good looks like, as typed. */
export const actionTextFields = {
  title: z
    .string()
    .trim()
    .min(1, "Enter the action's title")
    .max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters`),
  description: z
    .string()
    .trim()
    .max(DESCRIPTION_MAX, `Keep the description under ${DESCRIPTION_MAX} characters`)
    .default(""),
  partnerAgency: z
    .string()
    .trim()
    .max(PARTNER_AGENCY_MAX, `Keep the partner agency under ${PARTNER_AGENCY_MAX} characters`)
    .default(""),
  successMeasure: z
    .string()
    .trim()
    .max(DESCRIPTION_MAX, `Keep what good looks like under ${DESCRIPTION_MAX} characters`)
    .default(""),
};
