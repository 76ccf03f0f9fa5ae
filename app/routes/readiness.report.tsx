import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "../components/forms";
import { ReadinessAuthorityPicker } from "../components/readiness-authority-picker";
import { ReadinessNav } from "../components/readiness-nav";
import { ReadinessReportView } from "../components/readiness-report-view";
import { listVisibleAuthorities } from "../models/authority.server";
import { buildReadinessReport } from "../models/readiness-report.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";
import { storedInteger } from "../utils/record-id";

// /readiness/report: the readiness report as a printable page (the print stylesheet hides the
// chrome and starts each area on a new page); /readiness/report.docx is the same as Word.

const QuerySchema = z.object({ authority: storedInteger().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today } = await requireContext(request);
  const { authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  if (authority !== undefined && !authorities.some((a) => a.id === authority)) throw notFound();
  const authorityId = authority ?? authorities[0]?.id;
  const report = authorityId === undefined ? null : await buildReadinessReport(actor, authorityId, today);
  return json({ authorities, report });
}

export default function ReadinessReportPage() {
  const { authorities, report } = useLoaderData<typeof loader>();
  return (
    <>
      <ReadinessNav />
      <h1 className="govuk-heading-l">
        Readiness report{report ? <span className="govuk-caption-l">{report.authority.name}</span> : null}
      </h1>
      <ReadinessAuthorityPicker authorities={authorities} chosenId={report?.authority.id} button="Show report" />
      {report ? (
        <>
          <p className="govuk-body">
            Before re-inspection: per current ILACS judgement area, what the inspections asked, what has been done, the
            evidence of impact, what is still open and the themes that keep coming back, as at{" "}
            {formatDate(report.today)}.
          </p>
          <p className="govuk-body app-no-print">
            Print this page, or{" "}
            <a className="govuk-link" href={`/readiness/report.docx?authority=${report.authority.id}`} download>
              download it as a Word document (.docx)
            </a>
            .
          </p>
          <ReadinessReportView report={report} />
        </>
      ) : (
        <p className="govuk-body">There is no authority for you to report on yet.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Readiness report") }];
