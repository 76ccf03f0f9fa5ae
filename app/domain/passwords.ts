import { COMMON_LONG_PASSWORDS, COMMON_PASSWORD_WORDS } from "./common-passwords";

// Password policy, after NCSC and NIST SP 800-63B: long rather than complicated, no composition
// rules, no forced expiry, but nothing from a list of common passwords or patterns, and nothing
// built from the person's own name or e-mail address.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Hint shown under every "choose a password" field. */
export const PASSWORD_HINT = `Use ${PASSWORD_MIN_LENGTH} characters or more. Three or four unrelated words together work well. Do not use a common password, or your name or email address.`;

export const PASSWORD_MESSAGES = {
  empty: "Enter a password",
  tooShort: `Password must be ${PASSWORD_MIN_LENGTH} characters or more`,
  tooLong: `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`,
  repeated: "Password must not be one character or a short pattern repeated",
  sequence: "Password must not be a sequence such as 123456789012 or qwertyuiop",
  common: "Password is too common: choose one that is not a common word or pattern with numbers or symbols added",
  personal: "Password must not be your name or email address",
} as const;

/** Who the password is for, so it cannot be their name or e-mail address. */
export interface PasswordOwner {
  name?: string | null;
  email?: string | null;
}

let words: Set<string> | undefined;
let longPasswords: Set<string> | undefined;

function commonWords(): Set<string> {
  words ??= new Set(COMMON_PASSWORD_WORDS.split(/\s+/).filter(Boolean));
  return words;
}

function commonLongPasswords(): Set<string> {
  longPasswords ??= new Set(COMMON_LONG_PASSWORDS.split(/\s+/).filter(Boolean));
  return longPasswords;
}

const SEQUENCES = [
  "abcdefghijklmnopqrstuvwxyz",
  "0123456789",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
  "qwertyuiopasdfghjklzxcvbnm",
];

const LEET: Record<string, string> = {
  "@": "a",
  "4": "a",
  "8": "b",
  "3": "e",
  "1": "i",
  "!": "i",
  "0": "o",
  $: "s",
  "5": "s",
  "7": "t",
  "2": "z",
};

/** Lower case without spaces and separators: "Pass word-2024" and "password2024" are the same guess. */
function squeeze(s: string): string {
  return s.toLowerCase().replace(/[\s._\-'’]+/g, "");
}

/** The word a password is built on: digits and symbols at either end removed, look-alike characters undone. */
function baseWord(squeezed: string): string {
  const stripped = squeezed.replace(/^[^\p{L}]+/u, "").replace(/[^\p{L}]+$/u, "");
  return [...stripped].map((c) => LEET[c] ?? c).join("");
}

function isRepeatedUnit(s: string, maxUnit: number): string | null {
  const match = new RegExp(`^(.{1,${maxUnit}}?)\\1+$`, "u").exec(s);
  return match ? match[1] : null;
}

/** True when the whole string runs along the alphabet, the digits or a keyboard row, either way. */
function isSequence(s: string): boolean {
  if (s.length < 4) return false;
  return SEQUENCES.some((seq) => {
    const looped = seq.repeat(Math.ceil(s.length / seq.length) + 1);
    const reversed = [...looped].reverse().join("");
    return looped.includes(s) || reversed.includes(s);
  });
}

function personalWords(owner: PasswordOwner): string[] {
  const found = new Set<string>();
  const email = owner.email?.trim().toLowerCase();
  if (email) {
    found.add(squeeze(email));
    const local = email.split("@")[0];
    found.add(squeeze(local));
    for (const part of local.split(/[^\p{L}\p{N}]+/u)) found.add(part);
  }
  const name = owner.name?.trim().toLowerCase();
  if (name) {
    found.add(squeeze(name));
    for (const part of name.split(/[^\p{L}\p{N}]+/u)) found.add(part);
  }
  return [...found].filter((w) => w.length >= 3);
}

/**
 * Why a password is not acceptable, as a message for the person choosing it, or null when it is.
 * Lengths count characters (code points), not bytes.
 */
export function checkPassword(password: string, owner: PasswordOwner = {}): string | null {
  const length = [...password].length;
  if (length === 0) return PASSWORD_MESSAGES.empty;
  if (length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (length > PASSWORD_MAX_LENGTH) return PASSWORD_MESSAGES.tooLong;

  const squeezed = squeeze(password);
  if (squeezed.length === 0 || isRepeatedUnit(squeezed, 4) !== null) return PASSWORD_MESSAGES.repeated;

  const alphanumeric = squeezed.replace(/[^\p{L}\p{N}]+/gu, "");
  if (isSequence(squeezed) || isSequence(alphanumeric)) return PASSWORD_MESSAGES.sequence;

  const base = baseWord(squeezed);
  const personal = personalWords(owner);
  if (personal.includes(squeezed) || personal.includes(base) || personal.includes(baseWord(alphanumeric))) {
    return PASSWORD_MESSAGES.personal;
  }

  const whole = password.toLowerCase();
  if ([squeezed, whole].some((p) => commonLongPasswords().has(p) || commonWords().has(p))) {
    return PASSWORD_MESSAGES.common;
  }
  if (base !== "") {
    const unit = isRepeatedUnit(base, base.length) ?? base;
    if (commonWords().has(base) || commonWords().has(unit)) return PASSWORD_MESSAGES.common;
    if (isSequence(base) || isSequence(unit)) return PASSWORD_MESSAGES.sequence;
  }
  return null;
}
