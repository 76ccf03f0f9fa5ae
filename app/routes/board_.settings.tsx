import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, pageTitle, SelectField, SubmitButton, TextField } from "../components/forms";
import {
  AMBER_WINDOW_MAX,
  CouncilSettingsSchema,
  DefaultSettingsSchema,
  GRACE_DAYS_MAX,
} from "../domain/plan-settings";
import { PROTECTIVE_MARKING_MAX } from "../domain/protective-marking";
import { setProtectiveMarking } from "../models/protective-marking.server";
import {
  getDefaultSettings,
  listCouncilPlanSettings,
  setCouncilPlanSettings,
  setDefaultPlanSettings,
} from "../models/settings.server";
import { forbidden, notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { type FieldErrors, parseForm, submittedValues } from "../utils/forms";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

// /board/settings: what a council works to, set by its leads (administrators choose the council):
// the protective marking printed on every page of its Word files (board pack, statement of action,
// readiness report) and printed spreadsheets; the amber window (when an action turns Amber and
// reminders start); the grace days "immediately" gets. A council that sets no window or grace
// follows the defaults, which administrators set here too.

const AuthoritySchema = z.object({
  authorityId: storedInteger().optional().catch(undefined),
});

const MarkingSchema = AuthoritySchema.extend({
  marking: z
    .string()
    .trim()
    .min(1, "Enter the protective marking, for example OFFICIAL")
    .max(PROTECTIVE_MARKING_MAX, `Keep the marking under ${PROTECTIVE_MARKING_MAX} characters`)
    .regex(/^[^\p{Cc}]*$/u, "Use letters, numbers and punctuation only"),
});

const PlanSchema = AuthoritySchema.extend(CouncilSettingsSchema.shape);

const INTENTS = ["marking", "plan", "defaults"] as const;
type Intent = (typeof INTENTS)[number];

const canSet = (role: string) => role === "admin" || role === "improvement_lead";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  if (!canSet(actor.role)) throw forbidden("Council settings are for improvement leads and administrators.");
  const [authorities, defaults] = await Promise.all([listCouncilPlanSettings(actor), getDefaultSettings()]);
  const chosen = Number(new URL(request.url).searchParams.get("authority"));
  return json({
    authorities,
    defaults,
    isAdmin: actor.role === "admin",
    chosen: authorities.some((a) => a.id === chosen) ? chosen : (authorities[0]?.id ?? null),
  });
}

const SAVED: Record<Intent, [string, string]> = {
  marking: ["Protective marking saved", "Protective marking unchanged"],
  plan: ["Council settings saved", "Council settings unchanged"],
  defaults: ["Default settings saved", "Default settings unchanged"],
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  if (!canSet(actor.role)) throw forbidden("Only an improvement lead or administrator can change council settings.");
  const formData = await request.formData();
  // The marking's form came first and posted no intent.
  const parsedIntent = z.enum(INTENTS).safeParse(formData.get("intent") ?? "marking");
  if (!parsedIntent.success) throw new Response("The form was not recognised; reload the page", { status: 400 });
  const intent: Intent = parsedIntent.data;
  // Errors are keyed by the id of the field they are about, so the summary's links reach it.
  const refuse = (errors: FieldErrors) =>
    json({ intent, errors: fieldIds(intent, errors), submitted: submittedValues(formData) }, { status: 400 });

  if (intent === "defaults") {
    if (actor.role !== "admin") throw forbidden("Only an administrator can change the defaults for every council.");
    const parsed = parseForm(DefaultSettingsSchema, formData);
    if (!parsed.ok) return refuse(parsed.errors);
    const result = await setDefaultPlanSettings(actor, parsed.data, new Date());
    if (!result.ok) throw forbidden();
    return redirect("/board/settings", {
      headers: { "Set-Cookie": await flash(request, SAVED.defaults[result.changed ? 0 : 1]) },
    });
  }

  const parsed = intent === "marking" ? parseForm(MarkingSchema, formData) : parseForm(PlanSchema, formData);
  const authorityId =
    actor.role === "admin"
      ? AuthoritySchema.parse({ authorityId: formData.get("authorityId") ?? undefined }).authorityId
      : actor.authorityId;
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  if (authorityId === undefined || authorityId === null) errors.authorityId = "Choose the authority";
  if (!parsed.ok || authorityId === undefined || authorityId === null) return refuse(errors);
  const now = new Date();
  const result =
    intent === "marking"
      ? await setProtectiveMarking(actor, authorityId, (parsed.data as z.infer<typeof MarkingSchema>).marking, now)
      : await setCouncilPlanSettings(actor, authorityId, parsed.data as z.infer<typeof PlanSchema>, now);
  if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
  return redirect(`/board/settings?authority=${authorityId}`, {
    headers: { "Set-Cookie": await flash(request, SAVED[intent][result.changed ? 0 : 1]) },
  });
}

/** The page's field ids: the marking form's plain, the others' authority and the defaults' fields prefixed. */
function fieldIds(intent: Intent, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([key, message]) => {
      if (intent === "defaults") return [`defaults-${key}`, message];
      if (intent === "plan" && key === "authorityId") return ["plan-authorityId", message];
      return [key, message];
    }),
  );
}

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

export default function CouncilSettings() {
  const { authorities, defaults, isAdmin, chosen } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errorsFor = (intent: Intent) => (failed?.intent === intent ? failed.errors : {});
  const submittedFor = (intent: Intent): Record<string, string | undefined> =>
    failed?.intent === intent ? failed.submitted : {};
  const current = authorities.find((a) => a.id === chosen);
  const authorityField = (intent: Intent, describe: (a: (typeof authorities)[number]) => string) =>
    authorities.length > 1 ? (
      <SelectField
        id={intent === "marking" ? "authorityId" : `${intent}-authorityId`}
        name="authorityId"
        label="Authority"
        options={authorities.map((a) => ({ value: String(a.id), label: `${a.name} (${describe(a)})` }))}
        defaultValue={submittedFor(intent).authorityId ?? (chosen === null ? null : String(chosen))}
        error={errorsFor(intent)[intent === "marking" ? "authorityId" : `${intent}-authorityId`]}
      />
    ) : (
      // The only council there is (an administrator of a one-council installation still says which).
      <input type="hidden" name="authorityId" value={String(authorities[0].id)} />
    );
  const own = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));
  return (
    <>
      <ErrorSummary errors={failed?.errors} />
      <h1 className="govuk-heading-l">Council settings</h1>
      {authorities.length === 0 ? (
        <p className="govuk-body">There is no authority to set anything for yet.</p>
      ) : (
        <>
          <h2 className="govuk-heading-m">Protective marking</h2>
          <p className="govuk-body">
            The protective marking is printed at the top and bottom of every page of the board pack, the statement of
            action and the readiness report, and on printed spreadsheets. Most councils use OFFICIAL; a pack naming
            staff in sensitive circumstances may need OFFICIAL-SENSITIVE.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="marking" />
            {authorityField("marking", (a) => `now ${a.protective_marking}`)}
            <TextField
              name="marking"
              label="Protective marking"
              hint={`For example OFFICIAL or OFFICIAL-SENSITIVE. Up to ${PROTECTIVE_MARKING_MAX} characters.`}
              defaultValue={submittedFor("marking").marking ?? current?.protective_marking ?? "OFFICIAL"}
              error={errorsFor("marking").marking}
              width={20}
            />
            <SubmitButton>Save protective marking</SubmitButton>
          </Form>

          <h2 className="govuk-heading-m">Amber window and &ldquo;immediately&rdquo;</h2>
          <p className="govuk-body">
            An open action turns Amber this many days before its target date, and its owner&apos;s reminders start then.
            An &ldquo;immediately&rdquo; recommendation&apos;s actions are due this many days after the date the plan
            counts from, when a report is imported (dates already set do not move). Leave a box empty to follow the
            default ({days(defaults.amberWindowDays)} and {days(defaults.immediateGraceDays)}).
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="plan" />
            {authorityField(
              "plan",
              (a) =>
                `amber ${a.amber_window_days === null ? "default" : days(a.amber_window_days)}, immediately ${
                  a.immediate_grace_days === null ? "default" : days(a.immediate_grace_days)
                }`,
            )}
            <TextField
              name="amberWindowDays"
              label="Amber window, in days"
              hint={`From 1 to ${AMBER_WINDOW_MAX}. Empty: the default, ${days(defaults.amberWindowDays)}.`}
              defaultValue={submittedFor("plan").amberWindowDays ?? own(current?.amber_window_days)}
              error={errorsFor("plan").amberWindowDays}
              width={3}
            />
            <TextField
              name="immediateGraceDays"
              label="Days an “immediately” recommendation’s actions get"
              hint={`From 0 to ${GRACE_DAYS_MAX}. Empty: the default, ${days(defaults.immediateGraceDays)}.`}
              defaultValue={submittedFor("plan").immediateGraceDays ?? own(current?.immediate_grace_days)}
              error={errorsFor("plan").immediateGraceDays}
              width={3}
            />
            <SubmitButton>Save council settings</SubmitButton>
          </Form>
        </>
      )}

      {isAdmin ? (
        <>
          <h2 className="govuk-heading-m">Defaults for every council</h2>
          <p className="govuk-body">What a council that has not set its own works to.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="defaults" />
            <TextField
              id="defaults-amberWindowDays"
              name="amberWindowDays"
              label="Default amber window, in days"
              hint={`From 1 to ${AMBER_WINDOW_MAX}.`}
              defaultValue={submittedFor("defaults").amberWindowDays ?? String(defaults.amberWindowDays)}
              error={errorsFor("defaults")["defaults-amberWindowDays"]}
              width={3}
            />
            <TextField
              id="defaults-immediateGraceDays"
              name="immediateGraceDays"
              label="Default days an “immediately” recommendation’s actions get"
              hint={`From 0 to ${GRACE_DAYS_MAX}.`}
              defaultValue={submittedFor("defaults").immediateGraceDays ?? String(defaults.immediateGraceDays)}
              error={errorsFor("defaults")["defaults-immediateGraceDays"]}
              width={3}
            />
            <SubmitButton>Save defaults</SubmitButton>
          </Form>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Council settings") }];
