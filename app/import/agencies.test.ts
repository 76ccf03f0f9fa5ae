import { describe, expect, it } from "vitest";

import { agenciesNamedInItem, parseOwnerHeading, splitOrganisations } from "./agencies";

describe("parseOwnerHeading", () => {
  it("reads the owner of the bullets below", () => {
    expect(parseOwnerHeading("NHS Outer North East London should ensure that:")).toEqual([
      "NHS Outer North East London",
    ]);
    expect(parseOwnerHeading("Havering Council should ensure that:")).toEqual(["Havering Council"]);
    expect(parseOwnerHeading("NHS Outer North East London and the HSCB should ensure that:")).toEqual([
      "NHS Outer North East London",
      "HSCB",
    ]);
    expect(parseOwnerHeading("London Borough of Havering Council and NHS Outer North East London should:")).toEqual([
      "London Borough of Havering Council",
      "NHS Outer North East London",
    ]);
  });
  it("does not take timescales, lead-ins or generic subjects for owners", () => {
    expect(parseOwnerHeading("Within three months:")).toBeNull();
    expect(parseOwnerHeading("the local authority and its partners should:")).toBeNull();
    expect(parseOwnerHeading("Leaders should ensure that:")).toBeNull();
    expect(parseOwnerHeading("NHS Outer North East London should ensure that")).toBeNull();
  });
});

describe("agenciesNamedInItem", () => {
  it("reads agencies named as the item's subject", () => {
    expect(
      agenciesNamedInItem(
        "Hackney Borough Council to ensure that all case file records include up to date chronologies",
      ),
    ).toEqual(["Hackney Borough Council"]);
    expect(
      agenciesNamedInItem(
        "NHS City and Hackney Clinical Commissioning Group, NHS North East London and City (NHS NELC) and Hackney Borough Council to ensure that GPs are invited",
      ),
    ).toEqual([
      "NHS City and Hackney Clinical Commissioning Group",
      "NHS North East London and City",
      "Hackney Borough Council",
    ]);
  });
  it("ignores items whose subject is not a named organisation", () => {
    expect(agenciesNamedInItem("ensure that HSCB makes provision for full participation")).toEqual([]);
    expect(agenciesNamedInItem("effective and robust arrangements should be implemented for monitoring")).toEqual([]);
    expect(
      agenciesNamedInItem(
        "Improve the consistency of the recording of oversight of cases to ensure that actions are specified",
      ),
    ).toEqual([]);
  });
});

describe("splitOrganisations", () => {
  it("keeps 'and' inside a name and splits names that run together", () => {
    expect(
      splitOrganisations(
        "NHS City and Hackney Clinical Commissioning Group and Homerton University Hospital NHS Foundation Trust NHS North East London and City (NHS NELC)",
      ),
    ).toEqual([
      "NHS City and Hackney Clinical Commissioning Group",
      "Homerton University Hospital NHS Foundation Trust",
      "NHS North East London and City",
    ]);
    expect(splitOrganisations("NHS City and Hackney, Hackney Borough Council")).toEqual([
      "NHS City and Hackney",
      "Hackney Borough Council",
    ]);
  });
});
