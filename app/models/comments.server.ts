import { getDb } from "../../db/client";
import { canComment } from "../domain/comments";
import type { Actor } from "../domain/permissions";
import { findMentions } from "../domain/mentions";
import type { ChangeResult } from "./action-changes.server";
import { recordAuditEvent } from "./audit.server";
import { notifyPeople } from "./notifications.server";

// A discussion on an action: comments are appended (never edited; an administrator may redact one,
// app/models/redaction.server.ts). A comment that names someone of the council as "@Name", or
// chooses them to notify, tells them in their notifications.

/** The people of an authority a comment may notify: active, and not the person writing. */
export async function listMentionablePeople(authorityId: number, exceptUserId: number) {
  return getDb()
    .selectFrom("users")
    .select(["id", "name"])
    .where("authority_id", "=", authorityId)
    .where("active", "=", 1)
    .where("id", "!=", exceptUserId)
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export async function listActionComments(actionId: number) {
  return getDb()
    .selectFrom("action_comments")
    .leftJoin("users", "users.id", "action_comments.author_id")
    .select([
      "action_comments.id",
      "action_comments.body",
      "action_comments.created_at",
      "action_comments.author_id",
      "users.name as author_name",
    ])
    .where("action_comments.action_id", "=", actionId)
    .orderBy("action_comments.id")
    .execute();
}
export type ActionComment = Awaited<ReturnType<typeof listActionComments>>[number];

/**
 * Adds a comment to an action the actor may see, audited, and notifies the people it mentions
 * (`@Name`) and the one chosen to notify, who must be of the action's own authority.
 */
export async function addActionComment(
  actor: Actor,
  input: { actionId: number; body: string; notifyUserId: number | null },
  now: Date,
): Promise<ChangeResult> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      let query = trx
        .selectFrom("actions")
        .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select([
          "actions.id",
          "inspections.authority_id as authorityId",
          "inspections.removed_at",
          "actions.withdrawn_at",
        ])
        .where("actions.id", "=", input.actionId);
      if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
      const action = await query.executeTakeFirst();
      if (!action) return { ok: false, reason: "not_found" };
      if (!canComment(actor, action.authorityId)) {
        return { ok: false, reason: "forbidden", message: "Board members can read the discussion but not add to it." };
      }
      if (action.removed_at) {
        return { ok: false, reason: "invalid", message: "This action's inspection has been removed from the plan." };
      }
      const people = await trx
        .selectFrom("users")
        .select(["id", "name"])
        .where("authority_id", "=", action.authorityId)
        .where("active", "=", 1)
        .execute();
      if (input.notifyUserId !== null && !people.some((p) => p.id === input.notifyUserId)) {
        return { ok: false, reason: "invalid", message: "Choose someone from this council to notify." };
      }
      const mentioned = findMentions(input.body, people);
      const { id } = await trx
        .insertInto("action_comments")
        .values({ action_id: action.id, author_id: actor.id, body: input.body, created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const notified = [
        ...new Set([...mentioned, ...(input.notifyUserId !== null ? [input.notifyUserId] : [])]),
      ].filter((userId) => userId !== actor.id);
      await notifyPeople(trx, {
        userIds: notified,
        authorityId: action.authorityId,
        kind: "mentioned",
        actionId: action.id,
        actorId: actor.id,
        commentId: id,
        now,
      });
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: action.authorityId,
        entityType: "action",
        entityId: action.id,
        event: "action.comment_added",
        after: { commentId: id, notified },
        at: now,
      });
      return { ok: true };
    });
}
