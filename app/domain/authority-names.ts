/**
 * The part of an authority's name that stays the same across reports: Ofsted prints
 * "Slough Borough Council" in 2014 and "Slough" in 2026, "City of Bradford Metropolitan
 * District Council" and "Bradford". Reports of any kind for the same authority join one plan.
 */
export function authorityKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[’'`.,()]/g, " ")
    .replace(/\b(london borough of|royal borough of|city and county of|city of|county of|borough of)\b/g, " ")
    .replace(/\b(metropolitan borough|metropolitan district|borough|county|city|district|unitary)?\s*council\b/g, " ")
    .replace(/\bthe\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function sameAuthority(a: string, b: string): boolean {
  const key = authorityKey(a);
  return key !== "" && key === authorityKey(b);
}
