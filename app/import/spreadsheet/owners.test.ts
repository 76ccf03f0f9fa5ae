import { describe, expect, it } from "vitest";
import { type OwnerCandidate, readOwner } from "./owners";

const people: OwnerCandidate[] = [
  {
    id: 1,
    name: "Jane Smith",
    email: "jane.smith@hackney.gov.uk",
    role: "service_manager",
    active: true,
    pending: false,
  },
  { id: 2, name: "Tom Ward", email: "tom.ward@hackney.gov.uk", role: "improvement_lead", active: true, pending: false },
  { id: 3, name: "Cllr Alex Board", email: "alex@hackney.gov.uk", role: "board_member", active: true, pending: false },
  {
    id: 4,
    name: "Priya Patel",
    email: "pending-1-abc@followthrough.invalid",
    role: "service_manager",
    active: false,
    pending: true,
  },
  { id: 5, name: "Gone Person", email: "gone@hackney.gov.uk", role: "service_manager", active: false, pending: false },
];
const read = (cell: string) => readOwner(cell, people);

describe("readOwner", () => {
  it("matches exact full names ignoring case and spacing, and e-mail addresses", () => {
    expect(read("  jane   SMITH ").owner).toEqual({ kind: "existing", userId: 1, name: "Jane Smith", pending: false });
    expect(read("Tom.Ward@Hackney.gov.uk").owner).toMatchObject({ kind: "existing", userId: 2 });
    expect(read("Tom Ward <tom.ward@hackney.gov.uk>").owner).toMatchObject({ kind: "existing", userId: 2 });
    expect(read("Priya Patel").owner).toEqual({ kind: "existing", userId: 4, name: "Priya Patel", pending: true });
  });

  it("does not guess at initials: J Smith becomes a new pending user", () => {
    expect(read("J Smith").owner).toEqual({ kind: "new", key: "j smith", name: "J Smith", email: null });
    expect(read("Sam New (sam.new@hackney.gov.uk)").owner).toEqual({
      kind: "new",
      key: "sam.new@hackney.gov.uk",
      name: "Sam New",
      email: "sam.new@hackney.gov.uk",
    });
  });

  it("leaves board members and deactivated accounts without the action, with a warning", () => {
    for (const name of ["Cllr Alex Board", "Gone Person"]) {
      const reading = read(name);
      expect(reading.owner).toEqual({ kind: "none" });
      expect(reading.warnings[0]).toMatch(/cannot own actions/);
    }
  });

  it("gives the action to the first of several people and notes the rest", () => {
    const reading = read("Jane Smith; Tom Ward");
    expect(reading.owner).toMatchObject({ kind: "existing", userId: 1 });
    expect(reading.others).toEqual(["Tom Ward"]);
    expect(read("Jane Smith / Sam New").others).toEqual(["Sam New"]);
  });

  it("reads anyone outside the authority as a new person, with the address as written and no warning", () => {
    const reading = read("Kim Other <kim@elsewhere.gov.uk>");
    expect(reading.owner).toEqual({
      kind: "new",
      key: "kim@elsewhere.gov.uk",
      name: "Kim Other",
      email: "kim@elsewhere.gov.uk",
    });
    expect(reading.warnings).toEqual([]);
  });

  it("reads a blank cell as no owner", () => {
    expect(read("").owner).toEqual({ kind: "none" });
  });
});

describe("readOwner: placeholders, posts and names with a role", () => {
  it("reads TBC, TBA, Vacant, N/A, a dash and the like as no owner, without a pending person", () => {
    for (const cell of ["TBC", "tba", "Vacant", "N/A", "-", "–", "To be confirmed", " vacant post ", "?"]) {
      expect(read(cell), cell).toEqual({ owner: { kind: "none" }, others: [], warnings: [] });
    }
  });

  it("reads a job title alone as no owner, with a warning", () => {
    for (const cell of [
      "Head of Service (interim)",
      "Head of Service, CP/CIN",
      "DCS",
      "Service Manager – Children in Care",
    ]) {
      const reading = read(cell);
      expect(reading.owner, cell).toEqual({ kind: "none" });
      expect(reading.warnings, cell).toEqual([
        expect.stringMatching(/is a post, not a person: assign an owner after importing/),
      ]);
    }
  });

  it("reads Name (Role) and Role (Name) as the name: an existing person, or a new one with the role set apart", () => {
    expect(read("Jane Smith (Head of Service)").owner).toEqual({
      kind: "existing",
      userId: 1,
      name: "Jane Smith",
      pending: false,
    });
    expect(read("Head of Service (Jane Smith)").owner).toMatchObject({ kind: "existing", userId: 1 });
    expect(read("Jane Smith, Head of Service").owner).toMatchObject({ kind: "existing", userId: 1 });
    expect(read("Ruth Evans (Head of Service)").owner).toEqual({
      kind: "new",
      key: "ruth evans",
      name: "Ruth Evans",
      email: null,
      role: "Head of Service",
    });
    expect(read("Ruth Evans (Service Manager, Children in Care)").owner).toMatchObject({
      kind: "new",
      name: "Ruth Evans",
    });
  });

  it("gives the action to the person when a placeholder shares the cell", () => {
    expect(read("TBC; Jane Smith").owner).toMatchObject({ kind: "existing", userId: 1 });
  });
});
