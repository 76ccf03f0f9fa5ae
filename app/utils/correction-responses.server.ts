import { json, type TypedResponse } from "@remix-run/node";
import type { Actor } from "../domain/permissions";
import type { ChosenMove } from "../models/correction-moves.server";
import type { CorrectionRefusal } from "../models/inspection-corrections.server";
import { forbidden, notFound } from "./auth.server";
import { MovesSchema } from "./correction-forms";
import type { FieldErrors } from "./forms";
import { removedInspectionResponse } from "./removed.server";

/** What a correction form gets back when it is refused: its errors or the conflict, and what was typed. */
export interface RefusedForm {
  errors: FieldErrors;
  submitted: Record<string, string>;
  conflict: { changedBy: string | null; changedAt: string | null } | null;
  confirm: null;
  chosen: null;
}

/**
 * A refused correction as the page answers it: 404 and 403 and 410 (a removed inspection) thrown
 * to the error page; 400 (with the field's error) and 409 (with who changed it since) back to the
 * form, with what was typed.
 */
export async function correctionRefusalResponse(
  actor: Actor,
  refusal: CorrectionRefusal,
  submitted: Record<string, string>,
): Promise<TypedResponse<RefusedForm>> {
  switch (refusal.reason) {
    case "not_found":
      throw notFound("There is nothing with that number that you can see.");
    case "forbidden":
      throw forbidden(refusal.message);
    case "removed":
      throw await removedInspectionResponse(actor, refusal.inspectionId);
    case "invalid":
      return json(
        { errors: { [refusal.field]: refusal.message }, submitted, conflict: null, confirm: null, chosen: null },
        { status: 400 },
      );
    case "conflict":
      return json(
        {
          errors: {},
          submitted,
          conflict: { changedBy: refusal.changedBy, changedAt: refusal.changedAt },
          confirm: null,
          chosen: null,
        },
        { status: 409 },
      );
  }
}

/** The confirmation's answer: the target dates ticked and the reason, or what is wrong with it. */
export function readMovesAnswer(
  formData: FormData,
): { ok: true; moves: ChosenMove[]; reason: string } | { ok: false; errors: FieldErrors } {
  const answer = MovesSchema.safeParse({ moves: formData.getAll("move"), reason: formData.get("reason") ?? "" });
  if (!answer.success) {
    const issue = answer.error.issues[0];
    return {
      ok: false,
      errors: { [issue?.path[0] === "reason" ? "reason" : "moves"]: issue?.message ?? "Check your answer" },
    } as const;
  }
  if (answer.data.moves.length > 0 && answer.data.reason === "") {
    return { ok: false, errors: { reason: "Give the reason the target dates are moving" } };
  }
  return { ok: true, ...answer.data };
}
