import { Form } from "@remix-run/react";

/** The authority chooser on the readiness pages; shown only to someone who sees more than one. */
export function ReadinessAuthorityPicker({
  authorities,
  chosenId,
  button,
}: {
  authorities: readonly { id: number; name: string }[];
  chosenId: number | undefined;
  button: string;
}) {
  if (authorities.length < 2) return null;
  return (
    <Form method="get" className="govuk-!-margin-bottom-6 app-no-print">
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="authority">
          Authority
        </label>
        <select className="govuk-select" id="authority" name="authority" defaultValue={chosenId}>
          {authorities.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        {button}
      </button>
    </Form>
  );
}
