// A spreadsheet plan being imported: its columns step, then its preview. Everything read from the
// upload is kept on the server in the draft; these forms post only the lead's choices.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../components/forms";
import { PlanImportMapping } from "../components/plan-import-mapping";
import { PlanImportPreview } from "../components/plan-import-preview";
import { changePlanDraft, planDraftPage, requirePlanImporter } from "../flows/plan-import.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

function draftId(params: LoaderFunctionArgs["params"]): number {
  const parsed = storedInteger().safeParse(params.draftId);
  if (!parsed.success) throw notFound("There is no plan being imported with that number.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireContext(request);
  requirePlanImporter(user);
  return json(await planDraftPage(user.actor, draftId(params), new Date()));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireContext(request);
  requirePlanImporter(user);
  const outcome = await changePlanDraft(user.actor, draftId(params), request, new Date());
  if (outcome.kind === "page") return json(outcome.body, { status: outcome.status });
  return redirect(
    outcome.to,
    outcome.message ? { headers: { "Set-Cookie": await flash(request, outcome.message) } } : undefined,
  );
}

export default function PlanImportDraft() {
  const loaded = useLoaderData<typeof loader>();
  const step = useActionData<typeof action>() ?? loaded;
  return step.stage === "mapping" ? <PlanImportMapping step={step} /> : <PlanImportPreview step={step} />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data?.stage === "preview" ? "Check the plan before importing" : "Match the columns") },
];
