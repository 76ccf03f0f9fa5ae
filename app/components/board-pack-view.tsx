import { listedInDetail } from "../domain/board-pack-options";
import { formatMeasureValue, IMPACT_LABELS } from "../domain/measures";
import type { BoardPack } from "../models/board-pack.server";
import { formatDate } from "../utils/dates";
import { BoardChanges } from "./board-changes";
import { MeasureSparkline } from "./measure-chart";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";
import { RagTag } from "./tags";
import { inspectionLabel } from "../domain/inspection-label";

// The board pack as a page: the same sections, in the same order, as the Word pack.

export function BoardPackView({ pack }: { pack: BoardPack }) {
  const { summary } = pack;
  const sections = new Set(pack.choices.sections);
  const measureName = new Map(pack.measures.map((m) => [m.id, m.name]));
  return (
    <div className="app-board-pack">
      {sections.has("executive_summary") && pack.executiveSummary ? (
        <>
          <h2 className="govuk-heading-m">Executive summary</h2>
          {pack.executiveSummary.split(/\n\s*\n/).map((p, i) => (
            <p className="govuk-body app-pre-line" key={i}>
              {p.trim()}
            </p>
          ))}
        </>
      ) : null}
      <h2 className="govuk-heading-m">Summary</h2>
      <dl className="govuk-summary-list">
        {[
          ["Actions", String(summary.total)],
          ["Signed off", `${summary.signedOff} (${summary.percentSignedOff}%)`],
          ["Red", String(summary.red)],
          ["Amber", String(summary.amber)],
          ["Green", String(summary.green)],
          ["Blue", String(summary.blue)],
          ["Not scheduled", String(summary.grey)],
          ["Overdue", String(summary.overdue)],
          ["No target date", String(summary.noTargetDate)],
        ].map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="govuk-heading-m">RAG key</h2>
      <dl className="govuk-summary-list govuk-summary-list--no-border">
        {pack.ragKey.map((k) => (
          <div className="govuk-summary-list__row" key={k.rag}>
            <dt className="govuk-summary-list__key">
              <RagTag rag={k.rag} />
            </dt>
            <dd className="govuk-summary-list__value">{k.definition}</dd>
          </div>
        ))}
      </dl>
      <h2 className="govuk-heading-m">Exceptions</h2>
      {pack.exceptions.length === 0 ? (
        <p className="govuk-body">No actions are Red.</p>
      ) : (
        <TableScroll
          caption="Red actions with their reasons and recovery dates"
          captionClassName="govuk-visually-hidden"
        >
          <TableHead columns={["Action", "Owner", "Why it is Red", "Recovery date", "Lead's commentary"]} />
          <tbody className="govuk-table__body">
            {pack.exceptions.map((e) => (
              <tr className="govuk-table__row" key={e.actionId}>
                <td className="govuk-table__cell">
                  {e.number} {e.title}
                </td>
                <td className="govuk-table__cell">{e.owner}</td>
                <td className="govuk-table__cell">{e.reason}</td>
                <td className="govuk-table__cell">{formatDate(e.recoveryDate, "Not given")}</td>
                <td className="govuk-table__cell">{e.commentary ?? "None"}</td>
              </tr>
            ))}
          </tbody>
        </TableScroll>
      )}
      {pack.changes && sections.has("changes") ? (
        pack.changes.previousMeeting ? (
          <BoardChanges changes={pack.changes} />
        ) : (
          <>
            <h2 className="govuk-heading-m">Changes since the last board</h2>
            <p className="govuk-body">There is no earlier held board meeting to compare with.</p>
          </>
        )
      ) : null}
      {sections.has("plan") ? <h2 className="govuk-heading-m">The plan</h2> : null}
      {!sections.has("plan")
        ? null
        : pack.inspections.map((inspection) => (
            <section key={inspection.id} className="app-board-pack__inspection">
              <h2 className="govuk-heading-m">
                {inspectionLabel(inspection)}
              </h2>
              {inspection.recommendations.map((r) => {
                const actions = r.actions.filter((a) => listedInDetail(pack.choices.detail, a.rag));
                return (
                  <div key={r.id} className="app-board-pack__recommendation">
                    <h3 className="govuk-heading-s">
                      Recommendation {r.number} ({r.reference})
                    </h3>
                    <p className="govuk-body">{r.text}</p>
                    <p className="govuk-body-s">
                      {r.paragraph ? `Ofsted paragraph ${r.paragraph}. ` : ""}
                      {r.section}. Impact: {r.impactLevel ? IMPACT_LABELS[r.impactLevel] : "not yet judged"}.
                      {r.measureIds.length > 0
                        ? ` Measures: ${r.measureIds.map((id) => measureName.get(id)).join("; ")}.`
                        : ""}{" "}
                      RAG counts: {r.counts.red} Red, {r.counts.amber} Amber, {r.counts.green} Green, {r.counts.blue}{" "}
                      Blue, {r.counts.grey} not scheduled.
                    </p>
                    {r.actions.length === 0 ? (
                      <p className="govuk-body">No actions yet: this recommendation is a gap in the plan.</p>
                    ) : actions.length === 0 ? null : (
                      <TableScroll
                        caption={<>Actions for recommendation {r.number}</>}
                        captionClassName="govuk-visually-hidden"
                        className="govuk-table--small-text-until-tablet"
                      >
                        <TableHead
                          columns={[
                            "Action",
                            "Owner (service area)",
                            "Target (baseline)",
                            "Status",
                            "RAG",
                            "Latest update",
                            "Evidence",
                          ]}
                        />
                        <tbody className="govuk-table__body">
                          {actions.map((a) => (
                            <tr className="govuk-table__row" key={a.id}>
                              <td className="govuk-table__cell">
                                {a.number} {a.title}
                              </td>
                              <td className="govuk-table__cell">
                                {a.owner}
                                {a.serviceArea ? ` (${a.serviceArea})` : ""}
                              </td>
                              <td className="govuk-table__cell">
                                {formatDate(a.targetDate, "Not set")}
                                {a.baselineTargetDate && a.baselineTargetDate !== a.targetDate
                                  ? ` (was ${formatDate(a.baselineTargetDate)})`
                                  : ""}
                              </td>
                              <td className="govuk-table__cell">{a.statusLabel}</td>
                              <td className="govuk-table__cell">
                                <RagTag rag={a.rag} />
                              </td>
                              <td className="govuk-table__cell">
                                {a.latestUpdate
                                  ? `${formatDate(a.latestUpdate.date)}: ${a.latestUpdate.body}`
                                  : "No update yet"}
                              </td>
                              <td className="govuk-table__cell">
                                {a.evidence.length === 0 ? (
                                  "None"
                                ) : (
                                  <ul className="govuk-list govuk-body-s">
                                    {a.evidence.map((e, i) => (
                                      <li key={i}>
                                        {e.description} ({e.purpose})
                                      </li>
                                    ))}
                                  </ul>
                                )}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </TableScroll>
                    )}
                  </div>
                );
              })}
            </section>
          ))}
      {sections.has("measures") && pack.measures.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Performance measures</h2>
          <ul className="govuk-list">
            {pack.measures.map((m) => (
              <li key={m.id}>
                <strong>{m.name}</strong> (linked to {m.recommendations.join(", ")}):{" "}
                {m.latest ? `${formatMeasureValue(m.latest.value, m.unit)} (${m.latest.period})` : "no values yet"};
                baseline {m.baseline}; target {m.target}
                {m.values.length > 0 ? (
                  <>
                    {" "}
                    <MeasureSparkline
                      name={m.name}
                      unit={m.unit}
                      values={m.values.map((v) => ({
                        period: v.period,
                        value: v.value,
                        statistical_neighbours: v.statisticalNeighbours,
                        england: v.england,
                      }))}
                    />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
