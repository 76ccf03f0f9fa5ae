import { formatDate } from "../utils/dates";

// An inspection's name wherever several can be listed together. Ofsted titles every report of a
// kind the same way ("Inspection of Havering local authority children's services" in 2019 and in
// 2024), so the title alone does not tell them apart: the publication date does, and where the
// report prints none (ILACS reports do not), the inspection's dates.

export interface LabelledInspection {
  title: string;
  published: string | null;
  inspection_start?: string | null;
  inspection_end?: string | null;
}

/** "Inspection of … (published 28 October 2011)", "… (inspected 3 to 14 March 2025)", or the title. */
export function inspectionLabel(inspection: LabelledInspection): string {
  if (inspection.published) return `${inspection.title} (published ${formatDate(inspection.published)})`;
  const { inspection_start: start, inspection_end: end } = inspection;
  if (start && end && end !== start) return `${inspection.title} (inspected ${formatDate(start)} to ${formatDate(end)})`;
  if (start) return `${inspection.title} (inspected ${formatDate(start)})`;
  return inspection.title;
}
