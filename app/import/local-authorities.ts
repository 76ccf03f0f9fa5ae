/**
 * Formal names of London boroughs. Later Ofsted reports print only "Hackney" in the
 * title; earlier ones print "London Borough of Hackney". Using the formal name for both
 * keeps one authority's inspections together.
 */
const LONDON_BOROUGHS = [
  "Barking and Dagenham",
  "Barnet",
  "Bexley",
  "Brent",
  "Bromley",
  "Camden",
  "Croydon",
  "Ealing",
  "Enfield",
  "Hackney",
  "Hammersmith and Fulham",
  "Haringey",
  "Harrow",
  "Havering",
  "Hillingdon",
  "Hounslow",
  "Islington",
  "Lambeth",
  "Lewisham",
  "Merton",
  "Newham",
  "Redbridge",
  "Richmond upon Thames",
  "Southwark",
  "Sutton",
  "Tower Hamlets",
  "Waltham Forest",
  "Wandsworth",
];

const ROYAL_BOROUGHS = ["Greenwich", "Kensington and Chelsea", "Kingston upon Thames"];

export function formalAuthorityName(name: string): string {
  const bare = name
    // Address text hidden in a letter's subject line ("HarrowHA1 2XF").
    .replace(/\s*[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/g, " ")
    // An LSCB review names the board; the authority is the place ("Surrey Safeguarding Children Board").
    .replace(/\s+(?:local\s+)?safeguarding children board$/i, "")
    // "the Royal Borough of Windsor and Maidenhead", as a sentence names it.
    .replace(/^the\s+(?=[A-Z])/, "")
    .replace(/\s+/g, " ")
    .trim();
  const lower = bare.toLowerCase();
  const london = LONDON_BOROUGHS.find((borough) => borough.toLowerCase() === lower);
  if (london) return `London Borough of ${london}`;
  const royal = ROYAL_BOROUGHS.find((borough) => borough.toLowerCase() === lower);
  if (royal) return `Royal Borough of ${royal}`;
  if (lower === "westminster") return "City of Westminster";
  return bare;
}
