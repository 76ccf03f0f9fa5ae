import { json } from "@remix-run/node";
import { describeRemoval } from "../domain/inspection-removal";
import type { Actor } from "../domain/permissions";
import { getInspectionRemoval } from "../models/inspection-removal.server";
import { notFound } from "./auth.server";

/**
 * The answer for a page of an inspection removed as imported in error (its actions,
 * recommendations and forms): 410 Gone, saying when, by whom and why, with a link to the
 * inspection's own page; the shared error page shows it.
 */
export async function removedInspectionResponse(actor: Actor, inspectionId: number): Promise<Response> {
  const removal = await getInspectionRemoval(actor, inspectionId);
  if (!removal) return notFound();
  return json(
    {
      message: `This is part of “${removal.title}”, which is no longer in the plan. ${describeRemoval(removal)}`,
      link: { href: `/inspections/${removal.inspectionId}`, text: "See the removed inspection" },
    },
    { status: 410, statusText: "Gone" },
  );
}
