import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle, SelectField } from "../components/forms";
import { Pagination } from "../components/pagination";
import { RagKey } from "../components/rag-key";
import { TableHead } from "../components/table-head";
import { OwnerToRagCells } from "../components/actions-table";
import { TIMESCALE_LABELS } from "../domain/due-dates";
import { ACTION_STATUSES, RAG_LABELS, RAG_ORDER, STATUS_LABELS } from "../domain/rag";
import { actionNumber, SECTION_LABELS } from "../domain/references";
import { listActionOwners, listActions, listInspectionOptions } from "../models/action.server";
import { ACTION_SORTS, type ActionSort } from "../domain/action-sorts";
import { listVisibleAuthorities } from "../models/authority.server";
import { requireContext } from "../utils/context.server";
import { TableScroll } from "../components/table-scroll";
import { inspectionLabel } from "../domain/inspection-label";

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const FiltersSchema = z.object({
  authority: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()).catch(undefined),
  inspection: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()).catch(undefined),
  status: z
    .preprocess(blankToUndefined, z.enum(["not_started", "in_progress", "awaiting_sign_off", "signed_off"]).optional())
    .catch(undefined),
  rag: z.preprocess(blankToUndefined, z.enum(["red", "amber", "grey", "green", "blue"]).optional()).catch(undefined),
  owner: z
    .preprocess(blankToUndefined, z.union([z.literal("none"), z.coerce.number().int().positive()]).optional())
    .catch(undefined),
  timescale: z
    .preprocess(blankToUndefined, z.enum(["immediately", "three_months", "six_months", "none"]).optional())
    .catch(undefined),
  section: z
    .preprocess(blankToUndefined, z.enum(["safeguarding", "looked_after_children", "lscb", "none"]).optional())
    .catch(undefined),
  overdue: z.preprocess((v) => v === "1" || v === "on", z.boolean()).catch(false),
  open: z.preprocess((v) => v === "1" || v === "on", z.boolean()).catch(false),
  sort: z.enum(Object.keys(ACTION_SORTS) as [ActionSort, ...ActionSort[]]).catch("target_date"),
  page: z.coerce.number().int().positive().max(100_000).catch(1),
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
  return json({ ...result, filters, authorities, inspections, owners, amberWindowDays: settings.amberWindowDays });
}

const any = { value: "", label: "Any" };

export default function Actions() {
  const { items, total, page, pageCount, filters, authorities, inspections, owners, amberWindowDays } =
    useLoaderData<typeof loader>();
  const value = (v: string | number | undefined) => (v === undefined ? "" : String(v));
  const chooseAuthorityFirst = authorities.length > 1 && filters.authority === undefined;
  return (
    <>
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
                ...inspections.map((i) => ({ value: String(i.id), label: `${i.authority_name}: ${inspectionLabel(i)}` })),
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
      {items.length > 0 ? (
        <TableScroll caption="Actions matching the filters" captionClassName="govuk-visually-hidden">
          <TableHead columns={["No.", "Action", "Owner", "Target date", "Status", "RAG"]} />
          <tbody className="govuk-table__body">
            {items.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell">
                  {actionNumber(a.recommendation_position, a.sequence)}
                  <br />
                  <span className="govuk-body-s">{a.reference}</span>
                </td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/actions/${a.id}`}>
                    {a.title}
                  </Link>
                  <br />
                  <span className="govuk-body-s">
                    {a.authority_name}: {a.inspection_title}
                  </span>
                </td>
                <OwnerToRagCells action={a} />
              </tr>
            ))}
          </tbody>
        </TableScroll>
      ) : (
        <p className="govuk-body">No actions match these filters.</p>
      )}
      <Pagination page={page} pageCount={pageCount} />
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Actions") }];
