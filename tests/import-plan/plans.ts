import ExcelJS from "exceljs";
import { getDb } from "../../db/client";
import { buildRecommendation, buildReport, createInspection, createTestUser } from "../factories";

/** An inspection shaped like a SLAC report, its references SG-IM-1, SG-3M-1, SG-3M-2, LAC-3M-1, LAC-6M-1. */
export async function createPlanInspection(authorityId: number) {
  const report = buildReport({
    kind: "slac",
    recommendations: [
      buildRecommendation({
        section: "safeguarding",
        timescale: "immediately",
        text: "Ensure that all copies of criminal records bureau certificates are removed from staff files within six months of receipt.",
      }),
      buildRecommendation({
        section: "safeguarding",
        timescale: "three_months",
        paragraphNumber: "27",
        text: "Ensure that parents in receipt of services from children's social care are aware of how to make complaints.",
      }),
      buildRecommendation({
        section: "safeguarding",
        timescale: "three_months",
        paragraphNumber: "28",
        text: "Ensure that all case file records include up to date chronologies.",
      }),
      buildRecommendation({
        section: "looked_after_children",
        timescale: "three_months",
        text: "Strengthen the influence and reach of the corporate parenting board to ensure a wider membership.",
      }),
      buildRecommendation({
        section: "looked_after_children",
        timescale: "six_months",
        text: "Take steps to widen the participation and contribution of looked after children and young people, including those placed out of borough.",
      }),
    ],
  });
  const { inspectionId } = await createInspection(authorityId, report);
  const recommendations = await getDb()
    .selectFrom("recommendations")
    .select(["id", "reference"])
    .where("inspection_id", "=", inspectionId)
    .orderBy("position")
    .execute();
  return { inspectionId, recommendations };
}

/** The people a plan's Lead column names: two with accounts, the rest unknown. */
export async function createPlanPeople(authorityId: number, domain: string) {
  const jane = await createTestUser({ role: "service_manager", authorityId, name: "Jane Smith" });
  await getDb()
    .updateTable("users")
    .set({ email: `jane.smith@${domain}` })
    .where("id", "=", jane.id)
    .execute();
  const tom = await createTestUser({ role: "improvement_lead", authorityId, name: "Tom Ward" });
  return { jane, tom };
}

/**
 * A Hackney-style plan: a cover sheet first, a title row merged across the plan sheet, headings
 * in row 4, a recommendation merged over two rows, Excel date cells, text dates, a serial number
 * date, owners some known some not, RAG words, a row that names no recommendation, and a hidden
 * lookup sheet.
 */
export async function hackneyStylePlan(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const cover = book.addWorksheet("Cover");
  cover.getCell("A1").value = "Children and Families Service";
  cover.getCell("A2").value = "Version 3, agreed by the Improvement Board";

  const plan = book.addWorksheet("Action plan");
  plan.getCell("A1").value = "Hackney Children's Services – Improvement Plan following the Ofsted inspection";
  plan.mergeCells("A1:I1");
  plan.getCell("A2").value = "Updated for the Improvement Board, September 2024";
  plan.getRow(4).values = [
    "Ofsted paragraph",
    "Area for improvement",
    "Lead",
    "Action",
    "By when",
    "Progress",
    "RAG",
    "Monitoring and evaluation",
    "Evidence",
  ];
  plan.getCell("A5").value = "SG-IM-1";
  plan.getCell("B5").value = "CRB certificates removed from staff files";
  plan.mergeCells("A5:A6");
  plan.mergeCells("B5:B6");
  plan.getRow(5).getCell(3).value = "Jane Smith";
  plan.getRow(5).getCell(4).value = "Remove all CRB certificates older than six months from staff files";
  plan.getRow(5).getCell(5).value = new Date(Date.UTC(2024, 6, 1));
  plan.getRow(5).getCell(5).numFmt = "dd/mm/yyyy";
  plan.getRow(5).getCell(6).value = "All files checked in June";
  plan.getRow(5).getCell(7).value = "Blue";
  plan.getRow(5).getCell(8).value = "Monthly HR audit";
  plan.getRow(5).getCell(9).value = "HR audit report, June 2024";
  // Row 6 shares the merged recommendation cells above; only its own cells are written.
  plan.getCell("C6").value = "jane.smith@hackney.gov.uk";
  plan.getCell("D6").value = "Add a six-month destruction check to the HR calendar";
  plan.getCell("E6").value = "1 July 2024";
  plan.getCell("G6").value = "Green";
  plan.getRow(7).values = [
    "para 27",
    "Parents know how to complain",
    "Sam Newperson",
    "Publish a complaints leaflet for parents. Translate it into the five most common community languages and share it through the family hubs and the parents' forum.",
    45474,
    "Draft agreed with communications",
    "Amber",
    null,
    "Draft leaflet",
  ];
  plan.getRow(8).values = [
    "28.",
    "Chronologies on all case files",
    "J Smith",
    "Audit 50 case files for chronologies",
    "July 2024",
    null,
    "Red",
  ];
  plan.getRow(9).values = [
    "Rec 4",
    null,
    "Tom Ward",
    "Refresh the corporate parenting board's membership",
    "31/03/25",
    null,
    "Complete",
  ];
  plan.getRow(10).values = [
    null,
    "Widen the participation of looked after children and young people placed out of borough",
    "Priya Patel",
    "Set up a children in care council for young people placed out of borough",
    "TBC",
  ];
  plan.getRow(11).values = [
    "SG-9M-9",
    "Something the report never asked for",
    "Jane Smith",
    "Do something",
    "next spring",
    null,
    "Purple",
  ];

  const lookups = book.addWorksheet("Lookups");
  lookups.state = "hidden";
  lookups.getColumn(1).values = ["RAG", "Blue", "Green", "Amber", "Red"];
  return new Uint8Array(await book.xlsx.writeBuffer());
}
