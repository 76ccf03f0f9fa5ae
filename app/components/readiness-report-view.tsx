import { AREA_READINESS_RULES, READINESS_LABELS, READINESS_STATUS_RULES } from "../domain/readiness-areas";
import { STATUS_LABELS } from "../domain/rag";
import { formatDate } from "../utils/dates";
import type { InspectionEventView } from "../domain/inspection-events";
import { InspectionEventsTable } from "./inspection-events-table";
import { AreaReadinessTag, inspectionLabel } from "./readiness-areas";
import { TableScroll } from "./table-scroll";
import { TableHead } from "./table-head";

// The readiness report's body, shared by the printable page. Every value comes from the loader's
// report object (app/models/readiness-report.server.ts), which the Word export also renders.

type Report = {
  today: string;
  judgementHistory: { area: string; label: string; grades: string[] }[];
  windowLines: string[];
  events: { lines: string[]; all: InspectionEventView[] };
  areas: {
    area: string;
    label: string;
    summary: { readiness: "ready" | "partly_ready" | "not_ready" | "nothing_asked"; explanation: string };
    themes: { key: string; label: string; why: string; inspections: string[]; recommendationIds: number[] }[];
    recommendations: {
      id: number;
      reference: string;
      text: string;
      inspection: { title: string; published: string | null };
      status: keyof typeof READINESS_LABELS;
      detail: string;
      actions: {
        id: number;
        title: string;
        sequence: number;
        status: keyof typeof STATUS_LABELS;
        targetDate: string | null;
        ownerName: string | null;
        signedOffOn: string | null;
      }[];
      impactEvidence: { actionId: number; description: string; date: string | null }[];
    }[];
  }[];
};

const isSignedOff = (status: string) => status.startsWith("signed_off");

export function ReadinessReportView({ report }: { report: Report }) {
  return (
    <div className="app-readiness-report">
      <section aria-labelledby="history">
        <h2 className="govuk-heading-m" id="history">
          Judgement history
        </h2>
        <TableScroll caption="Grades by current judgement area, oldest first" captionClassName="govuk-visually-hidden">
          <TableHead columns={["Area", "Grades, oldest first"]} />
          <tbody className="govuk-table__body">
            {report.judgementHistory.map((h) => (
              <tr className="govuk-table__row" key={h.area}>
                <th scope="row" className="govuk-table__header">
                  {h.label}
                </th>
                <td className="govuk-table__cell">
                  {h.grades.length === 0 ? (
                    "No judgements"
                  ) : (
                    <ul className="govuk-list">
                      {h.grades.map((g) => (
                        <li key={g}>{g}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
      </section>
      <section aria-labelledby="window">
        <h2 className="govuk-heading-m" id="window">
          Inspection window and deadlines
        </h2>
        <ul className="govuk-list govuk-list--bullet">
          {report.windowLines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="events">
        <h2 className="govuk-heading-m" id="events">
          Monitoring visits and annual engagement meetings
        </h2>
        <ul className="govuk-list govuk-list--bullet">
          {report.events.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {report.events.all.length > 0 ? (
          <InspectionEventsTable caption="Every visit and meeting recorded, oldest first" events={report.events.all} />
        ) : null}
      </section>
      <section aria-labelledby="rules">
        <h2 className="govuk-heading-m" id="rules">
          How readiness is judged
        </h2>
        <ul className="govuk-list govuk-list--bullet">
          {[...AREA_READINESS_RULES, ...READINESS_STATUS_RULES].map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
      </section>
      {report.areas.map((area) => (
        <ReportArea key={area.area} area={area} />
      ))}
    </div>
  );
}

function ReportArea({ area }: { area: Report["areas"][number] }) {
  const id = (part: string) => `${area.area}-${part}`;
  const open = area.recommendations.filter((r) => !isSignedOff(r.status));
  const withEvidence = area.recommendations.filter((r) => r.impactEvidence.length > 0);
  const reference = (recommendationId: number) =>
    area.recommendations.find((r) => r.id === recommendationId)?.reference ?? "";
  return (
    <section aria-labelledby={id("heading")} className="app-readiness-report__area">
      <h2 className="govuk-heading-l" id={id("heading")}>
        {area.label}
      </h2>
      <p className="govuk-body">
        <AreaReadinessTag readiness={area.summary.readiness} /> {area.summary.explanation}
      </p>
      {area.recommendations.length === 0 ? null : (
        <>
          <h3 className="govuk-heading-m">What was asked</h3>
          <TableScroll caption={<>{area.label}: recommendations</>} captionClassName="govuk-visually-hidden">
            <TableHead columns={["Recommendation", "Inspection", "Status"]} />
            <tbody className="govuk-table__body">
              {area.recommendations.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">
                    <strong>{r.reference}</strong> {r.text}
                  </td>
                  <td className="govuk-table__cell">{inspectionLabel(r.inspection)}</td>
                  <td className="govuk-table__cell">
                    {READINESS_LABELS[r.status]} ({r.detail})
                  </td>
                </tr>
              ))}
            </tbody>
          </TableScroll>
          <h3 className="govuk-heading-m">What was done</h3>
          <TableScroll caption={<>{area.label}: actions</>} captionClassName="govuk-visually-hidden">
            <TableHead columns={["Recommendation", "Action", "Owner", "Status", "Target date", "Signed off"]} />
            <tbody className="govuk-table__body">
              {area.recommendations.flatMap((r) =>
                r.actions.length === 0
                  ? [
                      <tr className="govuk-table__row" key={`r${r.id}`}>
                        <td className="govuk-table__cell">{r.reference}</td>
                        <td className="govuk-table__cell" colSpan={5}>
                          No actions yet
                        </td>
                      </tr>,
                    ]
                  : r.actions.map((a) => (
                      <tr className="govuk-table__row" key={a.id}>
                        <td className="govuk-table__cell">{r.reference}</td>
                        <td className="govuk-table__cell">{a.title}</td>
                        <td className="govuk-table__cell">{a.ownerName ?? "Not assigned"}</td>
                        <td className="govuk-table__cell">{STATUS_LABELS[a.status]}</td>
                        <td className="govuk-table__cell">{formatDate(a.targetDate, "Not set")}</td>
                        <td className="govuk-table__cell">
                          {a.status === "signed_off" ? formatDate(a.signedOffOn, "Date not recorded") : ""}
                        </td>
                      </tr>
                    )),
              )}
            </tbody>
          </TableScroll>
          <h3 className="govuk-heading-m">Evidence of impact</h3>
          {withEvidence.length === 0 ? (
            <p className="govuk-body">No evidence of impact has been recorded for this area.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet">
              {withEvidence.flatMap((r) =>
                r.impactEvidence.map((e, i) => (
                  <li key={`${r.id}-${i}`}>
                    {r.reference}: {e.description}
                    {e.date ? ` (${formatDate(e.date)})` : ""}
                  </li>
                )),
              )}
            </ul>
          )}
          <h3 className="govuk-heading-m">Still open</h3>
          {open.length === 0 ? (
            <p className="govuk-body">Nothing is still open in this area.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet">
              {open.map((r) => (
                <li key={r.id}>
                  {r.reference}: {READINESS_LABELS[r.status]} ({r.detail})
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3 className="govuk-heading-m">Recurring themes</h3>
      {area.themes.length === 0 ? (
        <p className="govuk-body">No recurring theme touches this area.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {area.themes.map((t) => {
            const refs = t.recommendationIds.map(reference).filter(Boolean).join(", ");
            return (
              <li key={t.key}>
                <strong>{t.label}</strong>: recurs in {t.inspections.join("; ")}. {t.why}
                {refs ? ` (${refs})` : ""}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
