import type { z } from "zod";

export type FieldErrors = Partial<Record<string, string>>;

/** Validates form data with a zod schema; on failure, the first message for each field. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData | URLSearchParams,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
  }
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The text fields of a submitted form, to show the user's input again after a refusal. */
export function submittedValues(formData: FormData): Record<string, string> {
  return Object.fromEntries([...formData].filter((e): e is [string, string] => typeof e[1] === "string"));
}
