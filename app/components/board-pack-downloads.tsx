import { formatDate } from "../utils/dates";

const FORMATS = [
  ["docx", "Word (.docx)"],
  ["xlsx", "Excel (.xlsx)"],
  ["csv", "CSV"],
] as const;

/** The query string of a live pack: the authority, and the date when it is not today. */
export function packQuery(authorityId: number, asAt: string, today: string): string {
  const params = new URLSearchParams({ authority: String(authorityId) });
  if (asAt !== today) params.set("asAt", asAt);
  return params.toString();
}

/** Links to the live pack as files (app/routes/board_.pack.$format.tsx); plain links, so no JavaScript is needed. */
export function PackDownloads({ query, asAt }: { query: string; asAt: string | null }) {
  return (
    <div className="app-no-print govuk-!-margin-bottom-6">
      <h2 id="pack-downloads-heading" className="govuk-heading-s">
        Download the board pack{asAt ? ` as at ${formatDate(asAt)}` : ""}
      </h2>
      <ul className="govuk-list">
        {FORMATS.map(([format, label]) => (
          <li key={format}>
            <a className="govuk-link" href={`/board/pack/${format}?${query}`} download>
              {label} <span className="govuk-visually-hidden">board pack</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
