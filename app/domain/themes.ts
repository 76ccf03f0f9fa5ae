/**
 * Recurring themes across inspections of one authority: which recommendations from different
 * inspections are about the same thing. Pure and deterministic: a maintained vocabulary of
 * themes (phrases that signal each theme) plus a word-overlap measure for recommendations that
 * share no theme but say nearly the same thing. Every grouping carries the words that caused it.
 */

export interface ThemeInput {
  id: number;
  inspectionId: number;
  inspectionLabel: string;
  inspectionDate: string | null;
  text: string;
}

export interface ThemeGroup {
  key: string;
  label: string;
  why: string;
  inspections: { id: number; label: string; date: string | null }[];
  recommendations: { id: number; inspectionId: number; text: string; reasons: string[] }[];
}

export interface Theme {
  key: string;
  label: string;
  /** Any one of these phrases signals the theme. */
  phrases: readonly string[];
  /** Each combination signals the theme when one phrase from every list appears. */
  combinations?: readonly (readonly string[])[][];
  /** Wording that looks like the theme but is not it; words inside these never count. */
  unless?: readonly string[];
  /** A wide theme: not listed when a narrower theme groups exactly the same recommendations. */
  broad?: boolean;
}

const CARE_LEAVER = ["care leaver", "leaving care", "care leaver entitlement", "former relevant"] as const;

/** The theme vocabulary, in the order themes are listed. Maintained by hand: add phrases here. */
export const THEMES: readonly Theme[] = [
  {
    key: "supervision",
    label: "Supervision of staff",
    phrases: ["supervision", "supervised", "supervise", "reflective supervision", "case supervision"],
    unless: ["supervision order"],
  },
  {
    key: "management-oversight",
    label: "Management oversight",
    phrases: [
      "management oversight",
      "managerial oversight",
      "manager oversight",
      "management grip",
      "management and leadership oversight",
      "management direction",
      "managerial decision",
      "signed off by a manager",
      "management of cases",
    ],
  },
  {
    key: "assessments",
    label: "Quality and timeliness of assessments",
    phrases: ["assessment", "assessing risk", "assess risk", "assessment of risk", "single assessment"],
    unless: [
      "health assessment",
      "common assessment",
      "early help assessment",
      "assessed and supported year",
      "impact assessment",
      "needs assessment",
      "assessment of the performance",
    ],
  },
  {
    key: "plans",
    label: "Quality of plans and planning",
    phrases: [
      "quality of plans",
      "quality of planning",
      "specific measurable",
      "smart plan",
      "child protection plan",
      "child protection planning",
      "child in need plan",
      "care plan",
      "care planning",
      "plans and their implementation",
      "contingency planning",
      "safety planning",
      "assessments and plans",
    ],
  },
  {
    key: "conferences",
    label: "Child protection conferences and core groups",
    phrases: [
      "child protection conference",
      "conference",
      "core group",
      "child protection meeting",
      "child protection panel",
    ],
  },
  {
    key: "strategy-discussions",
    label: "Strategy discussions and child protection enquiries",
    phrases: ["strategy discussion", "strategy meeting", "child protection enquiry", "section 47", "s47"],
  },
  {
    key: "front-door",
    label: "Thresholds, contacts and referrals (the front door)",
    phrases: [
      "threshold",
      "front door",
      "mash",
      "multi agency safeguarding hub",
      "contacts",
      "referral",
      "screening",
      "information shared with the local authority",
    ],
  },
  {
    key: "early-help",
    label: "Early help",
    phrases: ["early help", "common assessment", "caf", "early intervention"],
  },
  {
    key: "risk",
    label: "Identifying and responding to risk",
    phrases: [
      "response to risk",
      "identification of and response to risk",
      "identification and response to risk",
      "significant harm",
      "risk of harm",
      "reducing risk",
      "reduce risk",
      "risks for children are not reducing",
    ],
  },
  {
    key: "drift-delay",
    label: "Drift and delay",
    phrases: ["drift", "delay", "avoidable delay"],
  },
  {
    key: "neglect",
    label: "Neglect",
    phrases: ["neglect"],
  },
  {
    key: "domestic-abuse",
    label: "Domestic abuse",
    phrases: ["domestic abuse", "domestic violence", "marac"],
  },
  {
    key: "missing",
    label: "Children missing from home, care or education",
    phrases: ["missing", "go missing", "missing from home", "missing from care", "missing from education"],
    unless: ["missing information"],
  },
  {
    key: "return-home-interviews",
    label: "Return home interviews",
    phrases: ["return home interview", "return interview", "rhi"],
    combinations: [[["missing"], ["interview", "interviewed"]]],
  },
  {
    key: "exploitation",
    label: "Exploitation (sexual and criminal)",
    phrases: [
      "exploitation",
      "exploited",
      "cse",
      "child sexual exploitation",
      "criminal exploitation",
      "county lines",
      "trafficking",
    ],
  },
  {
    key: "private-fostering",
    label: "Private fostering",
    phrases: ["private fostering", "privately fostered", "privately fostering", "private foster"],
  },
  {
    key: "allegations",
    label: "Allegations against staff (LADO)",
    phrases: ["allegation", "lado", "local authority designated officer"],
  },
  {
    key: "disabled-children",
    label: "Disabled children",
    phrases: ["disabled", "disability", "children with disabilities"],
  },
  {
    key: "homelessness-16-17",
    label: "Homeless 16- and 17-year-olds",
    phrases: ["homeless", "homelessness"],
  },
  {
    key: "young-carers",
    label: "Young carers",
    phrases: ["young carer"],
  },
  {
    key: "placement-sufficiency",
    label: "Placement sufficiency, matching and stability",
    phrases: [
      "sufficiency",
      "placement",
      "residential placement",
      "placement stability",
      "matching",
      "matched",
      "local homes",
      "long term placement",
    ],
    unless: ["work experience placement"],
  },
  {
    key: "foster-carers",
    label: "Foster carers: recruitment, training and support",
    phrases: ["foster carer", "fostering service", "recruitment of foster carer"],
  },
  {
    key: "permanence",
    label: "Permanence, adoption and care proceedings",
    phrases: [
      "permanence",
      "permanency",
      "adoption",
      "adopted",
      "care proceedings",
      "pre proceedings",
      "public law outline",
      "plo",
      "special guardianship",
    ],
  },
  {
    key: "health",
    label: "Health assessments and emotional health",
    phrases: [
      "health assessment",
      "strengths and difficulties questionnaire",
      "sdq",
      "emotional health",
      "mental health",
      "camhs",
      "health history",
      "health histories",
      "health information",
      "looked after children health",
    ],
  },
  {
    key: "education-in-care",
    label: "Education of children in care",
    phrases: [
      "personal education plan",
      "pep",
      "virtual school",
      "educational achievement",
      "educational outcomes",
      "educational attainment",
      "pupil progress",
    ],
  },
  {
    key: "iro",
    label: "Independent reviewing officers' challenge",
    phrases: [
      "independent reviewing officer",
      "independent reviewing service",
      "iro",
      "conference chairs",
      "scrutiny and challenge",
    ],
  },
  {
    key: "life-story",
    label: "Life story work",
    phrases: ["life story", "later life letter", "life journey"],
  },
  {
    key: "voice-of-child",
    label: "Voice of the child and direct work",
    phrases: [
      "voice of the child",
      "child's voice",
      "child voice",
      "views of children",
      "views of the child",
      "child's view",
      "child view",
      "wishes and feelings",
      "views and wishes",
      "direct work",
      "seen alone",
      "spoken to",
      "lived experience",
      "experiences and views of children",
    ],
  },
  {
    key: "participation",
    label: "Participation and the children in care council",
    phrases: ["participation", "children in care council", "child in care council", "pledge"],
    unless: ["participation by partners"],
  },
  {
    key: "advocacy-complaints",
    label: "Advocacy and complaints",
    phrases: ["advocacy", "advocate", "complaint", "complain", "independent visitor"],
  },
  {
    key: "care-leavers-accommodation",
    label: "Care leavers' accommodation and bed and breakfast use",
    phrases: ["staying put", "bed and breakfast", "suitable accommodation for care leavers"],
    combinations: [
      [
        CARE_LEAVER,
        ["accommodation", "housing", "local homes", "somewhere to live", "living arrangements", "homeless"],
      ],
    ],
  },
  {
    key: "pathway-plans",
    label: "Pathway plans and transitions to adulthood",
    phrases: [
      "pathway plan",
      "pathway planning",
      "transition to adulthood",
      "transition into adulthood",
      "planning for care leaver",
      "plans for care leaver",
      "planning for children leaving care",
    ],
  },
  {
    key: "care-leavers-eet",
    label: "Care leavers in education, employment or training",
    phrases: ["not in education employment or training", "neet", "apprenticeship"],
    combinations: [[CARE_LEAVER, ["employment", "education", "training", "work experience", "eet"]]],
  },
  {
    key: "personal-advisers",
    label: "Personal advisers and keeping in touch with care leavers",
    phrases: ["personal adviser", "personal advisor", "keeping in touch", "keep in touch", "stay in touch"],
  },
  {
    key: "entitlements",
    label: "Information about entitlements (the local offer)",
    phrases: ["entitlement", "local offer"],
  },
  {
    key: "care-leavers",
    label: "Care leavers (any aspect)",
    phrases: [...CARE_LEAVER],
    broad: true,
  },
  {
    key: "audit",
    label: "Audit and quality assurance",
    phrases: ["audit", "quality assurance", "quality assure"],
  },
  {
    key: "performance-data",
    label: "Performance information and data",
    phrases: [
      "performance management",
      "performance information",
      "performance data",
      "management information",
      "data",
      "data set",
      "dataset",
    ],
  },
  {
    key: "workforce",
    label: "Workforce, recruitment and caseloads",
    phrases: [
      "caseload",
      "case load",
      "workload",
      "workforce",
      "recruitment",
      "vacant post",
      "capacity",
      "newly qualified",
      "staff turnover",
      "agency staff",
      "sufficient staff",
      "manageable",
    ],
    unless: ["parenting capacity", "recruitment of foster carer"],
  },
  {
    key: "training-learning",
    label: "Training and learning from reviews",
    phrases: [
      "training",
      "trained",
      "serious case review",
      "learning review",
      "safeguarding practice review",
      "learning from",
    ],
    unless: ["education or training", "employment or training", "education employment or training"],
  },
  {
    key: "records-chronologies",
    label: "Case records and chronologies",
    phrases: [
      "chronology",
      "chronologies",
      "case record",
      "case file",
      "children's record",
      "quality of recording",
      "recording of",
      "record keeping",
      "electronic information system",
    ],
    unless: ["criminal record"],
  },
  {
    key: "health-partners",
    label: "Health agencies' safeguarding (GPs, midwives, health staff)",
    phrases: [
      "general practitioner",
      "gp",
      "midwife",
      "midwives",
      "health staff",
      "health trust",
      "health visitor",
      "school nurse",
      "nhs",
      "health organisational representation",
    ],
  },
  {
    key: "partnership",
    label: "Safeguarding partnership and multi-agency working",
    phrases: [
      "lscb",
      "hscb",
      "tscb",
      "safeguarding children board",
      "safeguarding partnership",
      "safeguarding partners",
      "multi agency working",
      "strategic partnership",
      "partner agencies",
      "across the partnership",
    ],
  },
  {
    key: "corporate-parenting",
    label: "Corporate parenting",
    phrases: ["corporate parenting", "corporate parent"],
  },
  {
    key: "leadership",
    label: "Leaders' understanding and self-evaluation",
    phrases: [
      "leaders understanding",
      "senior leaders",
      "elected members",
      "self evaluation",
      "self assessment",
      "leaders and managers",
    ],
  },
  {
    key: "commissioning",
    label: "Commissioning and contracts",
    phrases: ["commissioning", "commissioned", "contract"],
    unless: ["clinical commissioning group", "commissioning group"],
  },
];

/** Grammar words left out when comparing wording. */
// prettier-ignore
export const STOP_WORDS: readonly string[] = [
  "a", "about", "across", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
  "before", "between", "both", "but", "by", "can", "do", "does", "each", "for", "from", "has", "have", "how",
  "if", "in", "including", "into", "is", "it", "its", "more", "most", "must", "no", "not", "of", "on", "or",
  "other", "our", "over", "should", "so", "some", "such", "than", "that", "the", "their", "them", "there",
  "these", "they", "this", "those", "through", "to", "too", "up", "was", "we", "well", "were", "what", "when",
  "where", "which", "while", "who", "whose", "will", "with", "within", "would",
];

/** Words in almost every recommendation; sharing them says nothing about the subject. */
// prettier-ignore
export const GENERIC_WORDS: readonly string[] = [
  "ensure", "improve", "improvement", "quality", "effective", "effectiveness", "effectively", "timely",
  "timeliness", "consistency", "consistent", "consistently", "children", "child", "young", "people",
  "families", "family", "service", "services", "social", "work", "practice", "local", "authority", "council",
  "appropriate", "make", "made", "need", "needs", "support", "all", "take", "provide", "provided", "response",
  "responses", "outcome", "enabler", "national", "framework",
];

/** Two recommendations sharing no theme are grouped when this share of their words is shared... */
export const SIMILARITY_THRESHOLD = 0.5;
/** ...and at least this many distinct words are shared. */
export const MIN_SHARED_WORDS = 3;

/** How grouping works, in words, for the page. */
export const GROUPING_RULES: readonly string[] = [
  "Each recommendation is checked against a maintained list of themes. A theme is signalled by any of its phrases or, when none of them is there, by a combination (for example 'care leavers' together with 'accommodation'). Plurals and word endings are ignored, so 'interview' and 'interviews' match.",
  "Some wording looks like a theme but is not (for example 'health assessment' is not about social work assessments); that wording never counts towards the theme.",
  "A theme is a recurring theme when recommendations from at least two different inspections of the authority match it.",
  `Recommendations that share no theme are still grouped when their wording is at least ${Math.round(SIMILARITY_THRESHOLD * 100)}% alike (shared words out of all the words they use, ignoring common words such as 'ensure', 'improve' and 'children') and they share at least ${MIN_SHARED_WORDS} words.`,
  "A broad theme such as 'Care leavers (any aspect)' is not listed separately when a narrower theme already groups exactly the same recommendations.",
];

// ---------------------------------------------------------------------------------------------
// Words

interface Token {
  stem: string;
  start: number;
  end: number;
}

/**
 * A light stemmer: enough to make plurals and -ed/-ing forms meet ("interviews", "supervised"
 * and "supervise", "planning" and "plans"). Applied identically to text and vocabulary, so it
 * only has to be consistent, not linguistically exact.
 */
export function stem(word: string): string {
  let w = word
    .toLowerCase()
    .replace(/['\u2019]s$/, "")
    .replace(/['\u2019]/g, "");
  if (w === "children") return "child";
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  if (/([bdfglmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

const WORD = /[\p{L}\p{N}]+(?:['\u2019]\p{L}+)?/gu;

function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(WORD), (m) => ({
    stem: stem(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const phraseStemCache = new Map<string, string[]>();
function phraseStems(phrase: string): string[] {
  let stems = phraseStemCache.get(phrase);
  if (!stems) {
    stems = tokenize(phrase).map((t) => t.stem);
    phraseStemCache.set(phrase, stems);
  }
  return stems;
}

/** Token index ranges [from, to) where the phrase occurs. */
function occurrences(tokens: Token[], phrase: string): [number, number][] {
  const stems = phraseStems(phrase);
  const found: [number, number][] = [];
  if (stems.length === 0) return found;
  for (const i of positionsOf(tokens).get(stems[0]) ?? []) {
    if (i + stems.length > tokens.length) continue;
    let k = 1;
    while (k < stems.length && tokens[i + k].stem === stems[k]) k++;
    if (k === stems.length) found.push([i, i + stems.length]);
  }
  return found;
}

/** Where each stem occurs in a text, worked out once per text. */
const positionIndex = new WeakMap<Token[], Map<string, number[]>>();
function positionsOf(tokens: Token[]): Map<string, number[]> {
  let index = positionIndex.get(tokens);
  if (!index) {
    index = new Map();
    tokens.forEach((t, i) => index!.set(t.stem, [...(index!.get(t.stem) ?? []), i]));
    positionIndex.set(tokens, index);
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// Themes of one text

export interface ThemeMatch {
  key: string;
  label: string;
  broad: boolean;
  /** The vocabulary phrases that matched, in vocabulary order. */
  phrases: string[];
  /** The matching words as they are written in the text, in text order. */
  reasons: string[];
  /** For each matched vocabulary phrase, how the text first writes it (lower case). */
  wordings: Record<string, string>;
}

interface Hit {
  phrase: string;
  from: number;
  to: number;
}

function hitsFor(tokens: Token[], phrases: readonly string[], masked: boolean[]): Hit[] {
  const hits: Hit[] = [];
  for (const phrase of phrases) {
    for (const [from, to] of occurrences(tokens, phrase)) {
      if (!masked.slice(from, to).some(Boolean)) hits.push({ phrase, from, to });
    }
  }
  return hits;
}

function surfaces(text: string, tokens: Token[], hits: Hit[]): string[] {
  // Longest first at each position, then drop hits contained in another hit.
  const sorted = [...hits].sort((a, b) => a.from - b.from || b.to - a.to);
  const kept: Hit[] = [];
  for (const h of sorted) {
    if (kept.some((k) => k.from <= h.from && h.to <= k.to)) continue;
    kept.push(h);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const h of kept) {
    const surface = text.slice(tokens[h.from].start, tokens[h.to - 1].end);
    const folded = surface.toLowerCase();
    if (!seen.has(folded)) {
      seen.add(folded);
      out.push(surface);
    }
  }
  return out;
}

function matchTheme(theme: Theme, text: string, tokens: Token[]): ThemeMatch | null {
  const masked = tokens.map(() => false);
  for (const phrase of theme.unless ?? []) {
    for (const [from, to] of occurrences(tokens, phrase)) for (let i = from; i < to; i++) masked[i] = true;
  }
  const hits = hitsFor(tokens, theme.phrases, masked);
  // Combinations only count when none of the theme's own phrases is there.
  for (const combination of hits.length === 0 ? (theme.combinations ?? []) : []) {
    const parts = combination.map((alternatives) => hitsFor(tokens, alternatives, masked));
    if (parts.every((p) => p.length > 0)) hits.push(...parts.flat());
  }
  if (hits.length === 0) return null;
  const phraseOrder = [...theme.phrases, ...(theme.combinations ?? []).flat(2)];
  const phrases = [...new Set(hits.map((h) => h.phrase))].sort(
    (a, b) => phraseOrder.indexOf(a) - phraseOrder.indexOf(b),
  );
  const wordings: Record<string, string> = {};
  for (const h of [...hits].sort((a, b) => a.from - b.from)) {
    wordings[h.phrase] ??= tokens
      .slice(h.from, h.to)
      .map((t) => text.slice(t.start, t.end).toLowerCase())
      .join(" ");
  }
  return {
    key: theme.key,
    label: theme.label,
    broad: Boolean(theme.broad),
    phrases,
    reasons: surfaces(text, tokens, hits),
    wordings,
  };
}

/** Every theme of the vocabulary that the text matches, in vocabulary order. */
export function themesOf(text: string, vocabulary: readonly Theme[] = THEMES): ThemeMatch[] {
  const tokens = tokenize(text);
  return vocabulary.map((t) => matchTheme(t, text, tokens)).filter((m): m is ThemeMatch => m !== null);
}

// ---------------------------------------------------------------------------------------------
// Wording

const IGNORED = new Set([...STOP_WORDS, ...GENERIC_WORDS].map(stem));

function contentWords(text: string): Map<string, string> {
  const words = new Map<string, string>();
  for (const m of text.matchAll(WORD)) {
    const s = stem(m[0]);
    if (s.length < 2 || IGNORED.has(s) || /^\d+$/.test(s)) continue;
    if (!words.has(s)) words.set(s, m[0].toLowerCase());
  }
  return words;
}

export interface WordingSimilarity {
  /** Shared words over all distinct words of the two texts (Jaccard), 0 to 1. */
  score: number;
  /** The shared words as written in the first text, alphabetically. */
  shared: string[];
  /** True when the wording alone would group the two. */
  alike: boolean;
}

export function wordingSimilarity(a: string, b: string): WordingSimilarity {
  return compareWords(contentWords(a), contentWords(b));
}

function compareWords(wa: Map<string, string>, wb: Map<string, string>, namesOnlyIfAlike = false): WordingSimilarity {
  const sharedStems: string[] = [];
  for (const s of wa.keys()) if (wb.has(s)) sharedStems.push(s);
  const union = wa.size + wb.size - sharedStems.length;
  const score = union === 0 ? 0 : sharedStems.length / union;
  const alike = score >= SIMILARITY_THRESHOLD && sharedStems.length >= MIN_SHARED_WORDS;
  if (namesOnlyIfAlike && !alike) return { score, shared: [], alike };
  // Name each shared word by the lexically smaller spelling so the answer is the same either way round.
  const shared = sharedStems.map((s) => [wa.get(s)!, wb.get(s)!].sort()[0]).sort((x, y) => x.localeCompare(y));
  return { score, shared, alike };
}

// ---------------------------------------------------------------------------------------------
// One pair, explained

export interface PairExplanation {
  grouped: boolean;
  /** Themes both texts match, with the words of each. */
  themes: { key: string; label: string; reasonsA: string[]; reasonsB: string[] }[];
  wording: WordingSimilarity;
  why: string;
}

const quoteList = (words: readonly string[]) => words.map((w) => `'${w}'`).join(", ");
const percent = (score: number) => `${Math.round(score * 100)}%`;

export function explainPair(a: string | { text: string }, b: string | { text: string }): PairExplanation {
  const textA = typeof a === "string" ? a : a.text;
  const textB = typeof b === "string" ? b : b.text;
  const themesB = new Map(themesOf(textB).map((m) => [m.key, m]));
  const themes = themesOf(textA)
    .filter((m) => themesB.has(m.key))
    .map((m) => ({ key: m.key, label: m.label, reasonsA: m.reasons, reasonsB: themesB.get(m.key)!.reasons }));
  const wording = wordingSimilarity(textA, textB);
  let why: string;
  if (themes.length > 0) {
    why = themes
      .map((t) => {
        const common = t.reasonsA.filter((r) => t.reasonsB.some((s) => stemsOf(s) === stemsOf(r)));
        return common.length > 0
          ? `Both mention ${quoteList(common)} (theme: ${t.label})`
          : `One mentions ${quoteList(t.reasonsA)} and the other ${quoteList(t.reasonsB)} (theme: ${t.label})`;
      })
      .join("; ");
  } else if (wording.alike) {
    why = `Wording ${percent(wording.score)} alike: shared words ${quoteList(wording.shared)}`;
  } else {
    why = `No shared theme, and wording only ${percent(wording.score)} alike${
      wording.shared.length > 0 ? ` (shared words ${quoteList(wording.shared)})` : ""
    }`;
  }
  return { grouped: themes.length > 0 || wording.alike, themes, wording, why };
}

function stemsOf(phrase: string): string {
  return tokenize(phrase)
    .map((t) => t.stem)
    .join(" ");
}

// ---------------------------------------------------------------------------------------------
// Groups

function compareInspections(
  a: { inspectionDate: string | null; inspectionId: number },
  b: { inspectionDate: string | null; inspectionId: number },
) {
  if (a.inspectionDate !== b.inspectionDate) {
    if (a.inspectionDate === null) return 1;
    if (b.inspectionDate === null) return -1;
    return a.inspectionDate < b.inspectionDate ? -1 : 1;
  }
  return a.inspectionId - b.inspectionId;
}

const compareItems = (a: ThemeInput, b: ThemeInput) => compareInspections(a, b) || a.id - b.id;

function buildGroup(
  key: string,
  label: string,
  why: string,
  members: { item: ThemeInput; reasons: string[] }[],
): ThemeGroup {
  const sorted = [...members].sort((x, y) => compareItems(x.item, y.item));
  const inspections: ThemeGroup["inspections"] = [];
  for (const { item } of sorted) {
    if (!inspections.some((i) => i.id === item.inspectionId)) {
      inspections.push({ id: item.inspectionId, label: item.inspectionLabel, date: item.inspectionDate });
    }
  }
  return {
    key,
    label,
    why,
    inspections,
    recommendations: sorted.map(({ item, reasons }) => ({
      id: item.id,
      inspectionId: item.inspectionId,
      text: item.text,
      reasons,
    })),
  };
}

/** Distinct wordings, leaving out any that is part of a longer one ("supervision" in "reflective supervision"). */
function outermost(wordings: string[]): string[] {
  const byStems = new Map<string, string>();
  for (const w of wordings) if (!byStems.has(stemsOf(w))) byStems.set(stemsOf(w), w);
  const keys = [...byStems.keys()];
  return keys.filter((k) => !keys.some((o) => o !== k && ` ${o} `.includes(` ${k} `))).map((k) => byStems.get(k)!);
}

/** At most `limit` quoted phrases, then how many more there are. */
function quoteSome(words: readonly string[], limit = 6): string {
  if (words.length <= limit) return quoteList(words);
  const more = words.length - limit;
  return `${quoteList(words.slice(0, limit))} and ${more} other ${more === 1 ? "phrase" : "phrases"}`;
}

function themeWhy(label: string, matches: ThemeMatch[]): string {
  const common = matches[0].phrases.filter((p) => matches.every((m) => m.phrases.includes(p)));
  const subject = matches.length === 2 ? "Both" : `All ${matches.length}`;
  if (common.length > 0)
    return `${subject} mention ${quoteList(outermost(common.map((p) => matches[0].wordings[p])))} (theme: ${label})`;
  // Every wording used, most used first; one spelling per wording ("threshold", "thresholds").
  const uses = new Map<string, { wording: string; count: number; first: number }>();
  matches.forEach((m, i) => {
    for (const key of new Set(m.phrases.map((p) => stemsOf(m.wordings[p])))) {
      const wording = m.wordings[m.phrases.find((p) => stemsOf(m.wordings[p]) === key)!];
      const use = uses.get(key) ?? { wording, count: 0, first: i };
      use.count++;
      uses.set(key, use);
    }
  });
  const all = [...uses.values()].sort((a, b) => b.count - a.count || a.first - b.first).map((u) => u.wording);
  return `Each mentions at least one of ${quoteSome(all)} (theme: ${label})`;
}

class DisjointSets {
  private parent = new Map<number, number>();
  find(x: number): number {
    const p = this.parent.get(x) ?? x;
    if (p === x) return x;
    const root = this.find(p);
    this.parent.set(x, root);
    return root;
  }
  union(a: number, b: number) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
}

/**
 * The recurring themes among one authority's recommendations: groups that span at least two
 * inspections, themes of the vocabulary first (with the phrases that matched), then groups of
 * recommendations that share no theme but are worded alike. The same input in any order gives
 * the same output.
 */
export function findRecurringThemes(items: ThemeInput[]): ThemeGroup[] {
  const unique = new Map<number, ThemeInput>();
  for (const item of [...items].sort((a, b) => a.id - b.id)) if (!unique.has(item.id)) unique.set(item.id, item);
  const sorted = [...unique.values()].sort(compareItems);
  const analysed = sorted.map((item) => {
    const themes = themesOf(item.text);
    return { item, themes, keys: new Set(themes.map((m) => m.key)), words: contentWords(item.text) };
  });

  const themeGroups: { group: ThemeGroup; broad: boolean; ids: string; order: number }[] = [];
  THEMES.forEach((theme, order) => {
    const members = analysed.flatMap(({ item, themes }) => {
      const match = themes.find((m) => m.key === theme.key);
      return match ? [{ item, match }] : [];
    });
    if (new Set(members.map((m) => m.item.inspectionId)).size < 2) return;
    const group = buildGroup(
      theme.key,
      theme.label,
      themeWhy(
        theme.label,
        members.map((m) => m.match),
      ),
      members.map((m) => ({ item: m.item, reasons: m.match.reasons })),
    );
    const ids = group.recommendations
      .map((r) => r.id)
      .sort((x, y) => x - y)
      .join(",");
    themeGroups.push({ group, broad: Boolean(theme.broad), ids, order });
  });
  const kept = themeGroups.filter((g) => !g.broad || !themeGroups.some((o) => !o.broad && o.ids === g.ids));

  // Wording: pairs from different inspections that share no theme.
  const sets = new DisjointSets();
  const links: { a: number; b: number; wording: WordingSimilarity }[] = [];
  for (let i = 0; i < analysed.length; i++) {
    for (let j = i + 1; j < analysed.length; j++) {
      const a = analysed[i];
      const b = analysed[j];
      if (a.item.inspectionId === b.item.inspectionId) continue;
      if (a.themes.some((m) => b.keys.has(m.key))) continue;
      const wording = compareWords(a.words, b.words, true);
      if (!wording.alike) continue;
      sets.union(a.item.id, b.item.id);
      links.push({ a: a.item.id, b: b.item.id, wording });
    }
  }
  const components = new Map<number, typeof links>();
  for (const link of links) {
    const root = sets.find(link.a);
    components.set(root, [...(components.get(root) ?? []), link]);
  }
  const wordingGroups = [...components.values()].map((componentLinks) => {
    const ids = [...new Set(componentLinks.flatMap((l) => [l.a, l.b]))].sort((x, y) => x - y);
    const shared = [...new Set(componentLinks.flatMap((l) => l.wording.shared))].sort((x, y) => x.localeCompare(y));
    const lowest = Math.min(...componentLinks.map((l) => l.wording.score));
    const why =
      ids.length === 2
        ? `Wording ${percent(lowest)} alike: shared words ${quoteList(shared)}`
        : `Each is worded at least ${percent(lowest)} like another in the group: shared words ${quoteList(shared)}`;
    const sharedStems = new Set(shared.map(stem));
    const members = ids.map((id) => {
      const item = unique.get(id)!;
      const reasons = [
        ...new Set(Array.from(item.text.matchAll(WORD), (m) => m[0]).filter((w) => sharedStems.has(stem(w)))),
      ];
      return { item, reasons };
    });
    const label = `Similar wording: ${shared.slice(0, 3).join(", ")}`;
    return buildGroup(`wording-${ids.join("-")}`, label, why, members);
  });

  const rank = (g: ThemeGroup) => [-g.inspections.length, -g.recommendations.length] as const;
  const themed = kept.map((g) => g.group);
  const all = [
    ...themed.map((g, i) => ({ g, kind: 0, order: kept[i].order })),
    ...wordingGroups.map((g) => ({ g, kind: 1, order: 0 })),
  ];
  all.sort((x, y) => {
    const [xi, xr] = rank(x.g);
    const [yi, yr] = rank(y.g);
    return xi - yi || xr - yr || x.kind - y.kind || x.order - y.order || x.g.key.localeCompare(y.g.key);
  });
  return all.map((x) => x.g);
}

/** The text cut into plain and highlighted parts, highlighting each phrase wherever it occurs. */
export function highlightText(text: string, phrases: readonly string[]): { text: string; mark: boolean }[] {
  const marked = new Array<boolean>(text.length).fill(false);
  const lower = text.toLowerCase();
  for (const phrase of phrases) {
    const p = phrase.toLowerCase();
    if (!p) continue;
    for (let at = lower.indexOf(p); at !== -1; at = lower.indexOf(p, at + p.length)) {
      const before = at === 0 ? "" : lower[at - 1];
      const after = lower[at + p.length] ?? "";
      if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
      for (let i = at; i < at + p.length; i++) marked[i] = true;
    }
  }
  const parts: { text: string; mark: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = parts.at(-1);
    if (last && last.mark === marked[i]) last.text += text[i];
    else parts.push({ text: text[i], mark: marked[i] });
  }
  return parts;
}
