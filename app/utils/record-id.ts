import { z } from "zod";

// Ids, versions and revisions are integer columns: 64-bit on SQLite, 32-bit `integer` on
// PostgreSQL, where a larger parameter fails the query (numeric value out of range) instead of
// matching no row. A number from a form or a URL is bounded to what both engines hold, so a
// tampered one is refused as invalid (a 404 or a form error), never a server error.

export const MAX_STORED_INTEGER = 2_147_483_647;

/** A positive whole number from a form field or query parameter that fits an integer column. */
export function storedInteger(message?: string) {
  return z.coerce.number({ message }).int({ message }).positive({ message }).max(MAX_STORED_INTEGER, { message });
}

/** A record's id from a URL segment: digits only (no sign, exponent or spaces), within an integer column. */
export const RecordIdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .pipe(z.number().max(MAX_STORED_INTEGER));
