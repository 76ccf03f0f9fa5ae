import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PackDownloads, packQuery } from "../components/board-pack-downloads";
import { BoardGroupSection, BoardGroupTable, BoardTotals } from "../components/board-tables";
import { RagTrendChart } from "../components/charts";
import { ErrorSummary, pageTitle, SelectField, SubmitButton, TextField } from "../components/forms";
import { RagKey } from "../components/rag-key";
import { parseAsAtDate } from "../domain/as-at";
import { listVisibleAuthorities } from "../models/authority.server";
import { getBoard } from "../models/board.server";
import { councilSettings, requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";
import { storedInteger } from "../utils/record-id";

const QuerySchema = z.object({
  authority: storedInteger().optional().catch(undefined),
  asAt: z.string().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await requireContext(request);
  const { actor, today } = context;
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  if (query.authority !== undefined && !authorities.some((a) => a.id === query.authority)) {
    throw new Response("Not found", { status: 404 });
  }
  const authorityId = query.authority ?? authorities[0]?.id;
  const settings = await councilSettings(context, authorityId);
  const parsed = parseAsAtDate(query.asAt, today);
  const errors = "error" in parsed ? { asAt: parsed.error } : null;
  // A bad date shows today's board under the error, so the page is never empty.
  const asAt = "asAt" in parsed ? parsed.asAt : today;
  const board =
    authorityId === undefined
      ? null
      : await getBoard(actor, authorityId, { asAt, today, amberWindowDays: settings.amberWindowDays });
  return json(
    {
      authorities,
      authorityId: authorityId ?? null,
      board,
      today,
      asAtInput: query.asAt ?? "",
      errors,
      amberWindowDays: settings.amberWindowDays,
    },
    { status: errors ? 400 : 200 },
  );
}

function BoardForm() {
  const { authorities, authorityId, asAtInput, errors } = useLoaderData<typeof loader>();
  return (
    <Form method="get" className="govuk-!-margin-bottom-6">
      {authorities.length > 1 ? (
        <SelectField
          name="authority"
          label="Authority"
          options={authorities.map((a) => ({ value: String(a.id), label: a.name }))}
          defaultValue={authorityId === null ? null : String(authorityId)}
        />
      ) : null}
      <TextField
        name="asAt"
        label="As at"
        hint="Show the plan as it stood at the end of a past day, for example 1/7/2024 or 1 July 2024. Leave blank for today."
        defaultValue={asAtInput}
        error={errors?.asAt}
        width={10}
      />
      <SubmitButton secondary>Show progress</SubmitButton>
    </Form>
  );
}

export default function Board() {
  const { board, today, errors, amberWindowDays } = useLoaderData<typeof loader>();
  const past = board !== null && board.asAt !== today;
  return (
    <>
      <ErrorSummary errors={errors ?? undefined} />
      <h1 className="govuk-heading-l">
        Board progress{board ? <span className="govuk-caption-l">{board.authority.name}</span> : null}
      </h1>
      <ul className="govuk-list app-no-print">
        <li>
          <Link className="govuk-link" to="/board/meetings">
            Board meetings
          </Link>
        </li>
        <li>
          <Link
            className="govuk-link"
            to={board ? `/board/pack?${packQuery(board.authority.id, board.asAt, today)}` : "/board/pack"}
          >
            Board pack{past ? ` as at ${formatDate(board.asAt)}` : ""}
          </Link>
        </li>
      </ul>
      {board ? (
        <PackDownloads query={packQuery(board.authority.id, board.asAt, today)} asAt={past ? board.asAt : null} />
      ) : null}
      <BoardForm />
      {board === null ? <p className="govuk-body">There is no plan to report on yet.</p> : null}
      {board ? (
        <>
          {past ? (
            <div className="govuk-inset-text">
              <strong>As at {formatDate(board.asAt)}</strong> — reconstructed from the history: statuses, target dates,
              owners, risk flags and evidence as they were at the end of that day, with RAG judged on that day.
            </div>
          ) : (
            <p className="govuk-body">Progress of the improvement plan as at {formatDate(today)}.</p>
          )}
          <BoardTotals totals={board.totals} amberWindowDays={amberWindowDays} />
          <BoardGroupSection
            id="by-inspection"
            heading="By inspection"
            groupHeader="Inspection"
            rows={board.inspections}
            amberWindowDays={amberWindowDays}
          />
          <section className="govuk-!-margin-bottom-8">
            <h2 id="by-section-heading" className="govuk-heading-m">
              By section and timescale
            </h2>
            {board.inspections.map((inspection) => (
              <BoardGroupTable
                key={inspection.key}
                caption={`${board.authority.name}: ${inspection.label}`}
                groupHeader="Section and timescale"
                rows={inspection.sections}
                amberWindowDays={amberWindowDays}
              />
            ))}
          </section>
          <BoardGroupSection
            id="by-timescale"
            heading="By timescale"
            groupHeader="Timescale"
            rows={board.byTimescale}
            amberWindowDays={amberWindowDays}
          />
          <BoardGroupSection
            id="by-owner"
            heading="By owner"
            groupHeader="Owner"
            rows={board.byOwner}
            amberWindowDays={amberWindowDays}
          />
          <BoardGroupSection
            id="by-service-area"
            heading="By service area"
            groupHeader="Service area"
            rows={board.byServiceArea}
            amberWindowDays={amberWindowDays}
          />
          <BoardGroupSection
            id="by-partner-agency"
            heading="By partner agency"
            groupHeader="Partner agency"
            rows={board.byPartnerAgency}
            amberWindowDays={amberWindowDays}
            note="An action counts under its own partner agency or, when it has none, under each agency its recommendation names, so these rows can add up to more than the plan."
          />
          <section className="govuk-!-margin-bottom-8">
            <h2 id="trend-heading" className="govuk-heading-m">
              RAG over time
            </h2>
            <p className="govuk-body">
              Counts at the end of each month, and on {formatDate(board.asAt)}, reconstructed from the history.
            </p>
            <RagTrendChart id="trend" title="RAG counts over time" points={board.trend} />
          </section>
        </>
      ) : null}
      <RagKey amberWindowDays={amberWindowDays} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle("Board progress", Boolean(data?.errors)) },
];
