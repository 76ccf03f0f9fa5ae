import { ROLE_LABELS, type Role } from "../domain/permissions";
import type { UserStatus } from "../models/user.server";
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, ROLE_OPTIONS } from "../utils/user-forms";
import { type FieldErrors, RadiosField, SelectField, TextField } from "./forms";

const ROLE_HINTS: Record<Role, string> = {
  admin: "Manages users and settings, in every authority",
  improvement_lead: "Imports reports, shapes the plan, assigns owners, signs off actions",
  service_manager: "Records progress and evidence on the actions they own",
  board_member: "Reads progress and board packs; changes nothing",
};

/** Name, e-mail, role and authority: the same fields for adding and changing a user. */
export function UserAccessFields({
  authorities,
  values,
  errors,
}: {
  authorities: readonly { id: number; name: string }[];
  values?: { name?: string; email?: string; role?: string; authorityId?: string } | null;
  errors?: FieldErrors;
}) {
  return (
    <>
      <TextField
        name="name"
        label="Full name"
        hint={`Up to ${NAME_MAX_LENGTH} characters`}
        defaultValue={values?.name}
        error={errors?.name}
        autoComplete="off"
      />
      <TextField
        name="email"
        label="Email address"
        type="email"
        hint={`Their work address, up to ${EMAIL_MAX_LENGTH} characters. They sign in with it.`}
        defaultValue={values?.email}
        error={errors?.email}
        autoComplete="off"
      />
      <RadiosField
        name="role"
        legend="Role"
        options={ROLE_OPTIONS.map((o) => ({ ...o, hint: ROLE_HINTS[o.value] }))}
        defaultValue={values?.role}
        error={errors?.role}
      />
      <SelectField
        name="authorityId"
        label="Authority"
        hint="Required for everyone except administrators, who work across every authority"
        options={[
          { value: "", label: "Choose an authority" },
          ...authorities.map((a) => ({ value: String(a.id), label: a.name })),
        ]}
        defaultValue={values?.authorityId}
        error={errors?.authorityId}
      />
    </>
  );
}

const STATUS_TAGS: Record<UserStatus, { label: string; className: string }> = {
  active: { label: "Active", className: "govuk-tag--green" },
  invited: { label: "Invited", className: "govuk-tag--blue" },
  pending: { label: "Pending", className: "govuk-tag--yellow" },
  deactivated: { label: "Deactivated", className: "govuk-tag--grey" },
};

export function UserStatusTag({ status }: { status: UserStatus }) {
  const tag = STATUS_TAGS[status];
  return <strong className={`govuk-tag ${tag.className}`}>{tag.label}</strong>;
}

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}
