import { Secret, TOTP } from "otpauth";

// Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator
// app reads from a QR code) and recovery codes. Pure: the time is passed in.

export const TOTP_PERIOD_SECONDS = 30;
/** Codes from one step either side of now are accepted: a phone's clock a little out, or a slow typist. */
export const TOTP_WINDOW_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;
export const ISSUER = "Followthrough";

function totp(secretBase32: string, label = "") {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

/** The secret in groups of four, for typing into an app by hand. */
export function groupedSecret(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, "$1 ");
}

export function currentStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** What a person typed as a code: spaces and dashes dropped. */
export function normaliseCode(typed: string): string {
  return typed.replace(/[\s-]/g, "").toLowerCase();
}

export type CodeCheck = { ok: true; step: number } | { ok: false; reason: "wrong" | "reused" };

/**
 * Whether `typed` is the code for a step within the window around `now`; a code for a step at or
 * before `lastStep` (the last one accepted) is refused, so a code seen over someone's shoulder or
 * sent twice signs nobody in a second time.
 */
export function checkTotp(secretBase32: string, typed: string, now: Date, lastStep: number | null): CodeCheck {
  const token = normaliseCode(typed);
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: "wrong" };
  const delta = totp(secretBase32).validate({ token, timestamp: now.getTime(), window: TOTP_WINDOW_STEPS });
  if (delta === null) return { ok: false, reason: "wrong" };
  const step = currentStep(now) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: "reused" };
  return { ok: true, step };
}

/** The code for `now`, as an authenticator app shows it (for tests and the browser tests). */
export function totpCode(secretBase32: string, now: Date): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Whether what was typed looks like a recovery code (rather than a six-digit code). */
export function looksLikeRecoveryCode(typed: string): boolean {
  const code = normaliseCode(typed);
  return code.length === 16 && [...code].every((c) => RECOVERY_ALPHABET.includes(c));
}

/**
 * Recovery codes: 16 characters from 31 unambiguous ones (about 79 bits), in groups of four.
 * `randomBytes` gives the randomness (node:crypto's in the app).
 */
export function makeRecoveryCodes(randomBytes: (n: number) => Uint8Array, count = RECOVERY_CODE_COUNT): string[] {
  const codes: string[] = [];
  while (codes.length < count) {
    const chars: string[] = [];
    while (chars.length < 16) {
      for (const byte of randomBytes(32)) {
        // Rejection sampling keeps every character equally likely.
        if (byte < 248 && chars.length < 16) chars.push(RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]);
      }
    }
    codes.push(chars.join("").replace(/(.{4})(?=.)/g, "$1-"));
  }
  return codes;
}
