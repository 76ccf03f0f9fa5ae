import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionListTable } from "../components/action-list-table";
import { BulkChanges, BulkForm } from "../components/bulk-changes";
import { ErrorSummary, pageTitle, SelectField } from "../components/forms";
import { Pagination } from "../components/pagination";
import { RagKey } from "../components/rag-key";
import { TIMESCALE_LABELS } from "../domain/due-dates";
import { ACTION_STATUSES, RAG_LABELS, RAG_ORDER, STATUS_LABELS } from "../domain/rag";
import { SECTION_LABELS } from "../domain/references";
import { listActionOwners, listActions, listInspectionOptions } from "../models/action.server";
import { ACTION_SORTS, type ActionSort } from "../domain/action-sorts";
import { listVisibleAuthorities } from "../models/authority.server";
import { requireContext } from "../utils/context.server";
import { inspectionLabel } from "../domain/inspection-label";
import { submitBulkChange } from "../flows/bulk-changes.server";
import { listAssignableUsers } from "../models/user.server";
import { flash } from "../utils/session.server";
import { storedInteger } from "../utils/record-id";

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const FiltersSchema = z.object({
  authority: z.preprocess(blankToUndefined, storedInteger().optional()).catch(undefined),
  inspection: z.preprocess(blankToUndefined, storedInteger().optional()).catch(undefined),
  status: z
    .preprocess(blankToUndefined, z.enum(["not_started", "in_progress", "awaiting_sign_off", "signed_off"]).optional())
    .catch(undefined),
  rag: z.preprocess(blankToUndefined, z.enum(["red", "amber", "grey", "green", "blue"]).optional()).catch(undefined),
  owner: z.preprocess(blankToUndefined, z.union([z.literal("none"), storedInteger()]).optional()).catch(undefined),
  timescale: z
    .preprocess(blankToUndefined, z.enum(["immediately", "three_months", "six_months", "none"]).optional())
    .catch(undefined),
  section: z
    .preprocess(blankToUndefined, z.enum(["safeguarding", "looked_after_children", "lscb", "none"]).optional())
    .catch(undefined),
  overdue: z.preprocess((v) => v === "1" || v === "on", z.boolean()).catch(false),
  open: z.preprocess((v) => v === "1" || v === "on", z.boolean()).catch(false),
  sort: z.enum(Object.keys(ACTION_SORTS) as [ActionSort, ...ActionSort[]]).catch("target_date"),
  page: storedInteger().max(100_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const url = new URL(request.url);
  const filters = FiltersSchema.parse(Object.fromEntries(url.searchParams));
  const [result, authorities, inspections, owners] = await Promise.all([
    listActions({
      actor,
      filters: {
        authorityId: filters.authority,
        inspectionId: filters.inspection,
        status: filters.status,
        rag: filters.rag,
        owner: filters.owner,
        timescale: filters.timescale,
        section: filters.section,
        overdue: filters.overdue,
        open: filters.open,
      },
      sort: filters.sort,
      page: filters.page,
      today,
      amberWindowDays: settings.amberWindowDays,
    }),
    listVisibleAuthorities(actor),
    listInspectionOptions(actor, { authorityId: filters.authority, selected: filters.inspection }),
    listActionOwners(actor, {
      authorityId: filters.authority,
      selected: typeof filters.owner === "number" ? filters.owner : undefined,
    }),
  ]);
  const canBulk = actor.role === "admin" || actor.role === "improvement_lead";
  const bulkAuthority = actor.role === "admin" ? filters.authority : actor.authorityId;
  const people = canBulk && bulkAuthority ? await listAssignableUsers(bulkAuthority) : [];
  return json({
    ...result,
    filters,
    authorities,
    inspections,
    owners,
    canBulk,
    people: people.map((p) => ({ id: p.id, name: p.name })),
    amberWindowDays: settings.amberWindowDays,
  });
}

/** A bulk change to the ticked actions; back to the same filtered page when every one was made. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireContext(request);
  const result = await submitBulkChange(actor, await request.formData(), new Date());
  if (result.kind === "shown") return json(result.body, { status: result.status });
  const back = new URL(request.url).searchParams;
  back.delete("index");
  const query = back.toString();
  return redirect(`/actions${query ? `?${query}` : ""}`, {
    headers: { "Set-Cookie": await flash(request, result.message) },
  });
}

const any = { value: "", label: "Any" };

export default function Actions() {
  const { items, total, page, pageCount, filters, authorities, inspections, owners, canBulk, people, amberWindowDays } =
    useLoaderData<typeof loader>();
  const bulk = useActionData<typeof action>();
  const value = (v: string | number | undefined) => (v === undefined ? "" : String(v));
  const chooseAuthorityFirst = authorities.length > 1 && filters.authority === undefined;
  return (
    <>
      <ErrorSummary errors={bulk?.errors} />
      <h1 className="govuk-heading-l">Actions</h1>
      <Form method="get" className="app-filters" aria-label="Filter and sort actions">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            {authorities.length > 1 ? (
              <SelectField
                name="authority"
                label="Authority"
                defaultValue={value(filters.authority)}
                options={[any, ...authorities.map((a) => ({ value: String(a.id), label: a.name }))]}
              />
            ) : null}
            <SelectField
              name="inspection"
              label="Inspection"
              hint={
                chooseAuthorityFirst ? "Choose an authority and apply the filters to pick an inspection." : undefined
              }
              defaultValue={value(filters.inspection)}
              options={[
                any,
                ...inspections.map((i) => ({
                  value: String(i.id),
                  label: `${i.authority_name}: ${inspectionLabel(i)}`,
                })),
              ]}
            />
            <SelectField
              name="owner"
              label="Owner"
              hint={
                chooseAuthorityFirst ? "Choose an authority and apply the filters to pick a named owner." : undefined
              }
              defaultValue={value(filters.owner)}
              options={[
                any,
                { value: "none", label: "Not assigned" },
                ...owners.map((o) => ({ value: String(o.id), label: o.name })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <SelectField
              name="status"
              label="Status"
              defaultValue={value(filters.status)}
              options={[any, ...ACTION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
            />
            <SelectField
              name="rag"
              label="RAG"
              defaultValue={value(filters.rag)}
              options={[any, ...RAG_ORDER.map((r) => ({ value: r, label: RAG_LABELS[r] }))]}
            />
            <SelectField
              name="timescale"
              label="Timescale"
              defaultValue={value(filters.timescale)}
              options={[
                any,
                ...Object.entries(TIMESCALE_LABELS).map(([v, label]) => ({ value: v, label })),
                { value: "none", label: "No timescale given" },
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <SelectField
              name="section"
              label="Section"
              defaultValue={value(filters.section)}
              options={[
                any,
                ...Object.entries(SECTION_LABELS).map(([v, label]) => ({ value: v, label })),
                { value: "none", label: "Whole report" },
              ]}
            />
            <SelectField
              name="sort"
              label="Sort by"
              defaultValue={filters.sort}
              options={Object.entries(ACTION_SORTS).map(([v, label]) => ({ value: v, label }))}
            />
            <div className="govuk-form-group">
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id="overdue"
                    name="overdue"
                    type="checkbox"
                    value="1"
                    defaultChecked={filters.overdue}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="overdue">
                    Overdue only
                  </label>
                </div>
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id="open"
                    name="open"
                    type="checkbox"
                    value="1"
                    defaultChecked={filters.open}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="open">
                    Open only (not signed off)
                  </label>
                </div>
              </div>
            </div>
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-!-margin-bottom-0">
          Apply filters
        </button>{" "}
        <Link to="/actions" className="govuk-link govuk-!-margin-left-3">
          Clear filters
        </Link>
      </Form>

      <p className="govuk-body" role="status">
        {total === 1 ? "1 action" : `${total} actions`} found{pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}.
      </p>
      {bulk && bulk.done > 0 ? (
        <p className="govuk-inset-text">
          {bulk.done === 1 ? "1 action was" : `${bulk.done} actions were`} changed. The actions listed at the top could
          not be; they are still ticked.
        </p>
      ) : null}
      {items.length > 0 && canBulk ? (
        <BulkForm>
          <ActionListTable items={items} chosen={bulk?.chosen ?? []} choose />
          <BulkChanges people={people} response={bulk} />
        </BulkForm>
      ) : items.length > 0 ? (
        <ActionListTable items={items} chosen={[]} choose={false} />
      ) : (
        <p className="govuk-body">No actions match these filters.</p>
      )}
      <Pagination page={page} pageCount={pageCount} />
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Actions") }];
