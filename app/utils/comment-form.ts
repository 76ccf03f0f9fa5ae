import { z } from "zod";
import { storedInteger } from "./record-id";

export const COMMENT_MAX = 2000;

/** A comment on an action, posted from the action page with intent "comment". */
export const CommentSchema = z.object({
  intent: z.literal("comment"),
  comment: z
    .string()
    .trim()
    .min(1, "Enter your comment")
    .max(COMMENT_MAX, `Keep the comment under ${COMMENT_MAX} characters`),
  notify: z.union([z.literal(""), storedInteger()], { message: "Choose someone to notify" }).default(""),
});
