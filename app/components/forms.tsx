import { useEffect, useId, useRef } from "react";

export type FieldErrors = Partial<Record<string, string>>;

/** GOV.UK error summary: focus lands here after a failed submission, each error links to its field. */
export function ErrorSummary({ errors }: { errors: FieldErrors | undefined }) {
  const entries = Object.entries(errors ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  const summary = useRef<HTMLDivElement>(null);
  const hasErrors = entries.length > 0;
  // Remix's meta cannot see a failed form's errors, so the "Error: " title prefix GOV.UK asks for
  // is added here once the page is running; the summary also takes focus, as GOV.UK's script does.
  useEffect(() => {
    if (!hasErrors) return;
    if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
    summary.current?.focus();
    return () => {
      document.title = document.title.replace(/^Error: /, "");
    };
  }, [hasErrors, errors]);
  if (!hasErrors) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} role="alert" ref={summary}>
      <h2 className="govuk-error-summary__title">There is a problem</h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          {entries.map(([field, message]) => (
            <li key={field}>
              <a href={`#${field}`}>{message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  /** Ids are the field name so the error summary can link to them; pass one when a name repeats on a page. */
  id?: string;
}

/**
 * Said under every box where people type free text (PRODUCT.md: the app holds no child-level
 * personal data). The one wording, added by the field components themselves.
 */
export const NO_CHILD_DETAILS = "Do not include children's names or any details that could identify a child.";

/** The field's hint with the warning about children's details after it, when the field asks for one. */
function withWarning(hint: string | undefined, warn: boolean): string | undefined {
  if (!warn) return hint;
  return hint ? `${hint.replace(/\.?\s*$/, ".")} ${NO_CHILD_DETAILS}` : NO_CHILD_DETAILS;
}

function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function FieldShell({ id, label, hint, error, children }: FieldProps & { id: string; children: React.ReactNode }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export function TextField({
  defaultValue,
  type = "text",
  autoComplete,
  width,
  freeText = false,
  ...fieldProps
}: FieldProps & {
  defaultValue?: string | null;
  type?: string;
  autoComplete?: string;
  width?: 3 | 10 | 20 | 30;
  /** A line of the person's own words (a title): carries the warning about children's details. */
  freeText?: boolean;
}) {
  const props = { ...fieldProps, hint: withWarning(fieldProps.hint, freeText) };
  const id = props.id ?? props.name;
  return (
    <FieldShell {...props} id={id}>
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ""}${props.error ? " govuk-input--error" : ""}`}
        id={id}
        name={props.name}
        type={type}
        defaultValue={defaultValue ?? undefined}
        autoComplete={autoComplete}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? true : undefined}
      />
    </FieldShell>
  );
}

/** A box of free text; it says not to record children's details unless `childDetailsWarning` is false. */
export function TextArea({
  defaultValue,
  rows = 4,
  childDetailsWarning = true,
  ...fieldProps
}: FieldProps & { defaultValue?: string | null; rows?: number; childDetailsWarning?: boolean }) {
  const props = { ...fieldProps, hint: withWarning(fieldProps.hint, childDetailsWarning) };
  const id = props.id ?? props.name;
  return (
    <FieldShell {...props} id={id}>
      <textarea
        className={`govuk-textarea${props.error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={props.name}
        rows={rows}
        defaultValue={defaultValue ?? undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? true : undefined}
      />
    </FieldShell>
  );
}

export function SelectField({
  options,
  defaultValue,
  ...props
}: FieldProps & { options: readonly { value: string; label: string }[]; defaultValue?: string | null }) {
  const id = props.id ?? props.name;
  return (
    <FieldShell {...props} id={id}>
      <select
        className={`govuk-select${props.error ? " govuk-select--error" : ""}`}
        id={id}
        name={props.name}
        defaultValue={defaultValue ?? undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? true : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function RadiosField({
  name,
  legend,
  options,
  defaultValue,
  error,
  hint,
  inline,
}: {
  name: string;
  legend: string;
  options: readonly { value: string; label: string; hint?: string }[];
  defaultValue?: string | null;
  error?: string;
  hint?: string;
  inline?: boolean;
}) {
  const base = useId();
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className={`govuk-radios govuk-radios--small${inline ? " govuk-radios--inline" : ""}`}>
          {options.map((o, i) => {
            const id = i === 0 ? name : `${base}-${name}-${i}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input
                  className="govuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={o.value}
                  defaultChecked={defaultValue === o.value}
                  aria-describedby={o.hint ? `${id}-hint` : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div id={`${id}-hint`} className="govuk-hint govuk-radios__hint">
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function SubmitButton({
  children,
  secondary,
  warning,
  name,
  value,
}: {
  children: React.ReactNode;
  secondary?: boolean;
  /** GOV.UK's red button, for an action that is hard to undo (removing something). */
  warning?: boolean;
  name?: string;
  value?: string;
}) {
  const variant = warning ? " govuk-button--warning" : secondary ? " govuk-button--secondary" : "";
  return (
    <button type="submit" className={`govuk-button${variant}`} data-module="govuk-button" name={name} value={value}>
      {children}
    </button>
  );
}

/** Title prefix GOV.UK pages use when the form on them has errors. */
export function pageTitle(title: string, hasErrors = false): string {
  return `${hasErrors ? "Error: " : ""}${title} – Followthrough`;
}
