import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useFreshForm } from "./use-fresh-form";
import type { ActionComment } from "../models/comments.server";
import { COMMENT_MAX } from "../utils/comment-form";
import { formatDateTime } from "../utils/dates";
import { type FieldErrors, SelectField, SubmitButton, TextArea } from "./forms";

/** The discussion on an action: each comment with who and when, and a form to add one. */
export function ActionComments({
  comments,
  people,
  canComment,
  failed,
}: {
  comments: SerializeFrom<ActionComment>[];
  /** Who a comment may notify (the council's active people); empty when the reader cannot comment. */
  people: { id: number; name: string }[];
  canComment: boolean;
  failed: { errors: FieldErrors; submitted: Record<string, string> } | null;
}) {
  const fresh = useFreshForm(
    (navigation) => navigation.formData?.get("intent") === "comment",
    Boolean(failed && Object.keys(failed.errors).length > 0),
  );
  return (
    <section aria-labelledby="comments-heading" className="govuk-!-margin-bottom-8" id="comments">
      <h2 className="govuk-heading-m" id="comments-heading">
        Discussion
      </h2>
      {comments.length === 0 ? <p className="govuk-body">No comments yet.</p> : null}
      {comments.map((c) => (
        <article
          key={c.id}
          id={`comment-${c.id}`}
          className="app-comment"
          aria-label={`Comment by ${c.author_name ?? "a former user"}`}
        >
          <p className="govuk-body-s app-comment__meta govuk-!-margin-bottom-1">
            <strong>{c.author_name ?? "A former user"}</strong>, {formatDateTime(c.created_at)}
          </p>
          <p className="govuk-body app-pre-wrap">{c.body}</p>
        </article>
      ))}
      {canComment ? (
        <Form method="post" noValidate key={fresh.key}>
          <input type="hidden" name="intent" value="comment" />
          <TextArea
            name="comment"
            label="Add a comment"
            hint={`Ask or answer a question about this action. To notify someone, write @ and their full name (for example @${people[0]?.name ?? "Sam Manager"}) or choose them below. Up to ${COMMENT_MAX} characters.`}
            rows={3}
            defaultValue={failed?.submitted.comment}
            error={failed?.errors.comment}
          />
          <SelectField
            name="notify"
            label="Notify someone (optional)"
            options={[{ value: "", label: "No one" }, ...people.map((p) => ({ value: String(p.id), label: p.name }))]}
            defaultValue={failed?.submitted.notify ?? ""}
            error={failed?.errors.notify}
          />
          <SubmitButton secondary>Add comment</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
