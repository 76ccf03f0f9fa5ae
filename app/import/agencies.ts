/**
 * Partner organisations named as responsible for a recommendation: either by an owner
 * sub-heading ("NHS Outer North East London should ensure that:") or as the subject of
 * the item itself ("Hackney Borough Council to ensure ...").
 */

/** Lower-case words that may sit inside an organisation's name. */
const NAME_CONNECTORS = new Set(["and", "of", "for", "upon", "on", "in", "the", "&"]);

/** Words that usually end an organisation's name, so " and " after one starts another. */
const NAME_ENDINGS =
  /(?:Trust|Group|Council|Board|Partnership|Police|Constabulary|Service|Services|Authority|Commissioners|CCG|HSCB|LSCB|SCB|\))$/;

/** Subjects that are people or generic, never a named partner agency. */
const GENERIC_SUBJECTS = new Set([
  "leaders",
  "senior leaders",
  "managers",
  "partners",
  "partner agencies",
  "the local authority",
  "the council",
  "social workers",
  "staff",
  "practitioners",
  "it",
  "they",
]);

const BOUNDARY = "\u0000";

function looksLikeOrganisationList(subject: string): boolean {
  const words = subject
    .replace(/\([^)]*\)/g, " ")
    .split(/[\s,]+/)
    .filter(Boolean);
  if (words.length === 0 || words.length > 40) return false;
  if (!/^[A-Z]/.test(words[0])) return false;
  if (GENERIC_SUBJECTS.has(subject.toLowerCase())) return false;
  return words.every((word) => /^[A-Z0-9'’&]/.test(word) || NAME_CONNECTORS.has(word));
}

function startsAnotherOrganisation(piece: string): boolean {
  return /^(?:the\s|NHS\s)/.test(piece) || /^[A-Z]{2,}$/.test(piece.trim());
}

function cleanName(name: string): string {
  return name
    .replace(/^(?:and\s+)?(?:the\s+)/i, "")
    .replace(/^and\s+/, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Splits "A, B and C (ABC) and D" into names, keeping "and" that belongs inside a name
 * ("NHS City and Hackney", "NHS North East London and City"). Parenthesised
 * abbreviations are dropped but mark the end of a name.
 */
export function splitOrganisations(subject: string): string[] {
  const marked = subject.replace(/\s*\([^)]*\)/g, BOUNDARY);
  const names: string[] = [];
  for (const chunk of marked.split(new RegExp(`\\s*,\\s*|${BOUNDARY}`))) {
    const pieces = chunk
      .trim()
      .replace(/^and\s+/, "")
      .split(/\s+and\s+/)
      .filter(Boolean);
    let current = pieces[0];
    for (const next of pieces.slice(1)) {
      if (NAME_ENDINGS.test(current) || startsAnotherOrganisation(next)) {
        names.push(current);
        current = next;
      } else {
        current = `${current} and ${next}`;
      }
    }
    if (current) names.push(current);
  }
  // "... NHS Foundation Trust NHS North East London": a name ending runs straight into the next name.
  const separated = names.flatMap((name) =>
    name.split(/(?<=\b(?:Trust|Group|Council|Partnership|Constabulary|Commissioners))\s+(?=NHS\s|[A-Z][a-z]+\s[A-Z])/),
  );
  const unique: string[] = [];
  for (const name of separated.map(cleanName)) {
    if (name !== "" && !unique.includes(name)) unique.push(name);
  }
  return unique;
}

/** Agencies from an owner sub-heading such as "NHS Outer North East London and the HSCB should ensure that:"; null if the line is not one. */
export function parseOwnerHeading(text: string): string[] | null {
  if (!text.trimEnd().endsWith(":")) return null;
  const match = /^(.+?)\s+(?:should|must|will|are to|is to)(?:\s+ensure)?(?:\s+that)?\s*:$/.exec(text.trim());
  if (!match || !looksLikeOrganisationList(match[1])) return null;
  const agencies = splitOrganisations(match[1]);
  return agencies.length > 0 ? agencies : null;
}

/** Words that make a subject an organisation rather than a person or a thing. */
const ORGANISATION_WORD =
  /\b(?:Council|Trust|NHS|CCG|ICB|Police|Constabulary|Board|Partnership|Group|Authority|Commissioners?|Hospital|Health|College|Agency|CAFCASS|Cafcass|Probation|Court|Service|Services|Team)\b/;
/** Roles and the council's own bodies, which are not partner agencies. */
const NOT_A_PARTNER =
  /^(?:the\s+)?(?:chief executive|director|lead member|corporate parenting|children in care council|local authority|council)\b/i;

/** Agencies an item names as its own subject ("Hackney Borough Council to ensure ..."). */
export function agenciesNamedInItem(text: string): string[] {
  const match = /^(.+?)\s+(?:must|should|to|will|needs to|need to)\s+[a-z]/.exec(text.trim());
  if (!match || !looksLikeOrganisationList(match[1])) return [];
  const subject = match[1];
  // "Continue to ...", "Access to ...", "Services to help ...": a sentence, not a name.
  const words = subject
    .replace(/\([^)]*\)/g, " ")
    .trim()
    .split(/\s+/);
  const abbreviation = /\b[A-Z]{2,}\b/.test(subject);
  if (!abbreviation && (words.length < 2 || !ORGANISATION_WORD.test(subject))) return [];
  if (IMPERATIVE_OPENER.test(words[0] ?? "")) return [];
  return splitOrganisations(subject).filter((name) => !NOT_A_PARTNER.test(name));
}

/** A first word that makes the item an instruction ("Revitalise the Children in Care Council to ..."). */
const IMPERATIVE_OPENER =
  /^(?:Ensure|Improve|Increase|Extend|Review|Develop|Work|Take|Strengthen|Provide|Establish|Make|Reduce|Implement|Embed|Introduce|Monitor|Evaluate|Consider|Undertake|Secure|Address|Promote|Raise|Complete|Continue|Use|Support|Build|Engage|Revitalise|Re-establish|Hold|Enable|Create|Deliver|Commission|Revise|Update|Challenge|Refresh|Maximise|Enhance)$/;

export function mergeAgencies(...lists: string[][]): string[] {
  const merged: string[] = [];
  for (const agency of lists.flat()) if (!merged.includes(agency)) merged.push(agency);
  return merged;
}

/**
 * The abbreviation a report uses for its safeguarding children board ("LSCB", "TSCB"). A
 * board the report names with its own abbreviation ("Bristol Safeguarding Children Board
 * (BSCB)") is written that way in its part of the report, even where the template's
 * headings say "LSCB"; otherwise the abbreviation written most often. Null if none.
 * `lines` is the board's part of the report; `report` all of it, where the name may be
 * first spelled out.
 */
export function boardAbbreviation(lines: { text: string }[], report: { text: string }[] = lines): string | null {
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const match of line.text.matchAll(/\b([A-Z]{0,3}SCB)s?\b/g)) {
      counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
    }
  }
  const defined = new Set<string>();
  const text = report
    .filter((line, at) => /board/i.test(line.text) || /board/i.test(report[at + 1]?.text ?? ""))
    .map((line) => line.text)
    .join(" ");
  for (const match of text.matchAll(/Safeguarding\s+Children(?:['’]s)?\s+Board\s*\(([A-Z]{1,4}SCB)\)/gi)) {
    if (match[1] !== "LSCB") defined.add(match[1]);
  }
  let local: string | null = null;
  for (const name of defined)
    if ((counts.get(name) ?? 0) >= 3 && (!local || counts.get(name)! > counts.get(local)!)) local = name;
  if (local) return local;
  let best: string | null = null;
  for (const [name, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = name;
  return best;
}

/**
 * Partners an item gives a part in the work without making them its subject: "held to
 * account" ("Hold health commissioners and providers to account") and the police as a
 * party to the work ("undertaken by the police and children's social care").
 */
export function agenciesGivenARole(text: string): string[] {
  const found: string[] = [];
  const held = /^hold\s+((?:the\s+)?[a-z][a-z ,&'’-]{2,60}?)\s+to account\b/i.exec(text);
  if (
    held &&
    !/\b(?:leaders|managers|staff|workers|practitioners|themselves|partners|partner agencies|agencies|each other)\b/i.test(
      held[1],
    )
  ) {
    found.push(held[1].replace(/^the\s+/i, "").trim());
  }
  // The police as a party to the work ("undertaken by the police and children's social care"),
  // not a partner the council is only to work with or involve.
  if (/\bby the police\b|\bthe police (?:should|must|will|need to|needs to)\b/i.test(text)) found.push("police");
  return found;
}
