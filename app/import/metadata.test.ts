import { describe, expect, it } from "vitest";

import { normaliseLines } from "./lines";
import { extractMetadata } from "./metadata";

const metadata = (text: string) => extractMetadata(normaliseLines(text));

describe("extractMetadata", () => {
  it("reads a SLAC front page", () => {
    expect(
      metadata(
        "\n\nInspection of safeguarding and looked after children services\n\nLondon Borough of Havering\n\nInspection dates: 12 – 23 September 2011\nPublished: 28 October 2011\n",
      ),
    ).toEqual({
      title: "Inspection of safeguarding and looked after children services",
      titleLines: [2, 2],
      localAuthority: "London Borough of Havering",
      kind: "slac",
      inspectionStart: "2011-09-12",
      inspectionEnd: "2011-09-23",
      published: "2011-10-28",
    });
  });

  it("uses a London borough's formal name when an ILACS title gives the short one", () => {
    const parsed = metadata(
      "Inspection of Hackney local authority children's services\n\nInspection dates: 1 July 2024 to 12 July 2024\n",
    );
    expect(parsed.localAuthority).toBe("London Borough of Hackney");
    expect(parsed.kind).toBe("ilacs");
    expect(parsed.published).toBeNull();
  });

  it("tells a one-week short ILACS inspection from a standard one, across a wrapped title", () => {
    const parsed = metadata(
      "Inspection of Isles of Scilly local\nauthority children’s services\nInspection dates: 11 to 13 July 2023\n",
    );
    expect(parsed).toMatchObject({ localAuthority: "Isles of Scilly", kind: "ilacs_short", titleLines: [0, 1] });
  });

  it("reads the authority above a SIF title", () => {
    const parsed = metadata(
      "Knowsley Council\nInspection of services for children in need of help and\nprotection, children looked after and care leavers\nand\nInspection date: 29 April – 21 May 2014\nReport published: 30 June 2014\n",
    );
    expect(parsed).toMatchObject({
      localAuthority: "Knowsley Council",
      kind: "sif",
      inspectionStart: "2014-04-29",
      published: "2014-06-30",
    });
  });

  it("reads an ILACS title that names the council without 'local authority', wrapped over three lines", () => {
    expect(
      metadata(
        "Inspection of Rotherham Metropolitan\nBorough Council local authority\nchildren’s services\nInspection dates: 27 June to 1 July 2022\n",
      ),
    ).toMatchObject({
      localAuthority: "Rotherham Metropolitan Borough Council",
      kind: "ilacs_short",
      titleLines: [0, 2],
    });
    expect(
      metadata("Inspection of Kent County Council\nchildren’s services\nInspection dates: 9 to 20 May 2022\n"),
    ).toMatchObject({ localAuthority: "Kent County Council", kind: "ilacs" });
    expect(
      metadata(
        "Halton Borough Council\nInspection of local authority children’s services\nInspection dates: 02 March 2020 to 13 March 2020\n",
      ),
    ).toMatchObject({ localAuthority: "Halton Borough Council", kind: "ilacs" });
  });

  it("reads a focused visit whose subject names the place in the possessive and whose dates give no year", () => {
    expect(
      metadata(
        "23 August 2021\n\nDear Mr Pearce\n\nFocused visit to Durham’s children’s services\n\nThis letter summarises the findings of a focused visit to Durham children’s services\non 13 and 14 July. Inspectors were A and B.\n",
      ),
    ).toMatchObject({
      localAuthority: "Durham",
      kind: "focused_visit",
      inspectionStart: "2021-07-13",
      inspectionEnd: "2021-07-14",
      published: "2021-08-23",
    });
  });

  it("reads dates printed with slashes", () => {
    expect(
      metadata(
        "Stoke-on-Trent City Council\nInspection of services for children in need of help and\nprotection, children looked after and care leavers\nInspection date: 1/06/2015 – 25/06/2015\nReport published: 10/08/2015\n",
      ),
    ).toMatchObject({ inspectionStart: "2015-06-01", inspectionEnd: "2015-06-25", published: "2015-08-10" });
  });

  it("calls a document without a recognised title 'other'", () => {
    expect(metadata("Children and Families Service\n\nContents\nForeword\t3\n")).toMatchObject({
      title: null,
      localAuthority: null,
      kind: "other",
    });
  });
});
