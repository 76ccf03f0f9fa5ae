/**
 * The people a comment mentions: each whose full name follows an "@" ("@Sam Manager", any case),
 * followed by the end of the text or a character that cannot continue a name. Longer names are
 * tried first, so "@Sam Manager-Jones" is not also "@Sam Manager".
 */
export function findMentions(text: string, people: readonly { id: number; name: string }[]): number[] {
  const lower = text.toLocaleLowerCase("en-GB");
  const found = new Set<number>();
  const taken: [number, number][] = [];
  const byLength = [...people].filter((p) => p.name.trim() !== "").sort((a, b) => b.name.length - a.name.length);
  for (const person of byLength) {
    const needle = `@${person.name.trim().toLocaleLowerCase("en-GB")}`;
    let at = lower.indexOf(needle);
    while (at !== -1) {
      const end = at + needle.length;
      const next = lower.charAt(end);
      const overlaps = taken.some(([from, to]) => at < to && end > from);
      if (!overlaps && (next === "" || !/[\p{L}\p{N}'’-]/u.test(next))) {
        found.add(person.id);
        taken.push([at, end]);
      }
      at = lower.indexOf(needle, at + 1);
    }
  }
  return [...found];
}
