import { z } from "zod";
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES } from "../domain/passwords";
import { ROLE_LABELS, type Role } from "../domain/permissions";

// Form schemas for the user pages (administrator's and the person's own). Database checks, such as
// an e-mail address already in use, run in the action after these.

export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;

export const ROLES = Object.keys(ROLE_LABELS) as Role[];
export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const userFields = {
  name: z
    .string()
    .trim()
    .min(1, "Enter the person's full name")
    .max(NAME_MAX_LENGTH, `Name must be ${NAME_MAX_LENGTH} characters or fewer`),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter an email address")
    .max(EMAIL_MAX_LENGTH, `Email address must be ${EMAIL_MAX_LENGTH} characters or fewer`)
    .regex(EMAIL_FORMAT, "Enter an email address in the correct format, like name@council.gov.uk"),
  role: z.enum(ROLES, { error: "Select a role" }),
  authorityId: z.string().optional(),
};

function requireAuthorityUnlessAdmin(value: { role: Role; authorityId?: string }, ctx: z.RefinementCtx) {
  if (value.role !== "admin" && !/^\d+$/.test(value.authorityId ?? "")) {
    ctx.addIssue({ code: "custom", path: ["authorityId"], message: "Select the authority this person works for" });
  }
}

/** Administrators work across every authority, so they have none. */
function authorityOf(value: { role: Role; authorityId?: string }): number | null {
  return value.role === "admin" ? null : Number(value.authorityId);
}

export const UserDetailsSchema = z
  .object(userFields)
  .superRefine(requireAuthorityUnlessAdmin)
  .transform((v) => ({ name: v.name, email: v.email, role: v.role, authorityId: authorityOf(v) }));

export const NewUserSchema = z
  .object({
    ...userFields,
    setup: z.enum(["invite", "password"], { error: "Select how this person will get their password" }),
    password: z
      .string()
      .max(PASSWORD_MAX_LENGTH * 4)
      .optional(),
  })
  .superRefine((value, ctx) => {
    requireAuthorityUnlessAdmin(value, ctx);
    if (value.setup === "password") {
      const problem = checkPassword(value.password ?? "", value);
      if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    }
  })
  .transform((v) => ({
    name: v.name,
    email: v.email,
    role: v.role,
    authorityId: authorityOf(v),
    password: v.setup === "password" ? (v.password ?? "") : null,
  }));

/** Choosing a password twice; the policy check needs the person, so it runs in `passwordProblem`. */
export const NewPasswordSchema = z
  .object({
    password: z
      .string()
      .min(1, PASSWORD_MESSAGES.empty)
      .max(PASSWORD_MAX_LENGTH * 4, PASSWORD_MESSAGES.tooLong),
    confirmPassword: z.string().min(1, "Enter the password again"),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match: enter the same password twice",
  });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(1000, "Enter your current password"),
    password: z
      .string()
      .min(1, PASSWORD_MESSAGES.empty)
      .max(PASSWORD_MAX_LENGTH * 4, PASSWORD_MESSAGES.tooLong),
    confirmPassword: z.string().min(1, "Enter the new password again"),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match: enter the same new password twice",
  });
