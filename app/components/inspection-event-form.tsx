import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import {
  EVENT_SUMMARY_MAX,
  INSPECTION_EVENT_KIND_HINTS,
  INSPECTION_EVENT_KIND_LABELS,
  INSPECTION_EVENT_KINDS,
} from "../domain/inspection-events";
import { LETTER_ACCEPT, LETTER_ACCEPTED_TEXT, LETTER_MAX_LABEL } from "../utils/inspection-event-form";
import { type FieldErrors, RadiosField, SelectField, SubmitButton, TextArea, TextField } from "./forms";

/** The fields as shown again: what was typed, or the event's stored values (dates as typed or `YYYY-MM-DD`). */
export type EventFormValues = Partial<
  Record<"kind" | "date" | "endDate" | "title" | "summary" | "authorityId", string>
>;

/**
 * Recording or changing a monitoring visit or an annual engagement meeting, with its letter. A
 * real multipart form: it works the same without JavaScript.
 */
export function InspectionEventForm({
  values,
  errors = {},
  submit,
  hidden = {},
  authorities,
  currentLetter,
  letterChosen,
}: {
  values: EventFormValues;
  errors?: FieldErrors;
  submit: string;
  hidden?: Record<string, string>;
  /** Shown to an administrator, who chooses the authority; leads record for their own. */
  authorities?: readonly { id: number; name: string }[];
  /** The letter already stored, when changing an event. */
  currentLetter?: string | null;
  /** A letter came with the refused form: a page sent back without JavaScript no longer has it. */
  letterChosen?: boolean;
}) {
  const letterInput = useRef<HTMLInputElement>(null);
  // Without JavaScript the page comes back without the chosen file, so it says to choose it again;
  // with JavaScript the form stays on the page with the file still in it, and the note goes.
  const [stillChosen, setStillChosen] = useState(false);
  useEffect(() => {
    setStillChosen(Boolean(letterChosen && letterInput.current?.files?.length));
  }, [letterChosen]);
  const chooseAgain = Boolean(letterChosen) && !stillChosen && !errors.letter;
  const letterHint = currentLetter
    ? `The letter now stored is ${currentLetter}. Choose a file only to replace it: ${LETTER_ACCEPTED_TEXT}, smaller than ${LETTER_MAX_LABEL}.`
    : `The letter Ofsted published after the visit, or its note of the meeting: ${LETTER_ACCEPTED_TEXT}, smaller than ${LETTER_MAX_LABEL}. You can add it later.`;
  return (
    <Form method="post" encType="multipart/form-data" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {authorities && authorities.length > 1 ? (
        <SelectField
          name="authorityId"
          label="Authority"
          defaultValue={values.authorityId}
          error={errors.authorityId}
          options={[
            { value: "", label: "Choose an authority" },
            ...authorities.map((a) => ({ value: String(a.id), label: a.name })),
          ]}
        />
      ) : null}
      <RadiosField
        name="kind"
        legend="What was it?"
        options={INSPECTION_EVENT_KINDS.map((kind) => ({
          value: kind,
          label: INSPECTION_EVENT_KIND_LABELS[kind],
          hint: INSPECTION_EVENT_KIND_HINTS[kind],
        }))}
        defaultValue={values.kind}
        error={errors.kind}
      />
      <TextField
        name="date"
        label="Date (the first day of a visit)"
        hint="For example 5/3/2024"
        width={10}
        defaultValue={values.date}
        error={errors.date}
      />
      <TextField
        name="endDate"
        label="Last day (optional)"
        hint="Only for a visit over more than one day, for example 6/3/2024"
        width={10}
        defaultValue={values.endDate}
        error={errors.endDate}
      />
      <TextField
        name="title"
        label="Title"
        hint="For example 'Monitoring visit 3: children in care'"
        defaultValue={values.title}
        error={errors.title}
        freeText
      />
      <TextArea
        name="summary"
        label="Short summary (optional)"
        hint={`What Ofsted looked at and found, in a few sentences (at most ${EVENT_SUMMARY_MAX.toLocaleString("en-GB")} characters)`}
        rows={5}
        defaultValue={values.summary}
        error={errors.summary}
      />
      <div className={`govuk-form-group${errors.letter ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label govuk-label--s" htmlFor="letter">
          Letter (optional)
        </label>
        <div id="letter-hint" className="govuk-hint">
          {letterHint}
        </div>
        {chooseAgain ? (
          <p id="letter-again" className="govuk-body govuk-!-font-weight-bold">
            Choose the letter again: this page could not keep it while the other answers are corrected.
          </p>
        ) : null}
        {errors.letter ? (
          <p id="letter-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {errors.letter}
          </p>
        ) : null}
        <input
          className={`govuk-file-upload${errors.letter ? " govuk-file-upload--error" : ""}`}
          id="letter"
          name="letter"
          type="file"
          accept={LETTER_ACCEPT}
          ref={letterInput}
          aria-describedby={`letter-hint${errors.letter ? " letter-error" : chooseAgain ? " letter-again" : ""}`}
          aria-invalid={errors.letter ? true : undefined}
        />
      </div>
      <SubmitButton>{submit}</SubmitButton>
    </Form>
  );
}
