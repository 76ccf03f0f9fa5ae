// What the work on a historical recommendation looked like, chosen by what the recommendation is
// about. Evidence points to documents (audits, minutes, policies); it never describes a child.

export interface DemoTheme {
  match: RegExp;
  /** Document slug for evidence links. */
  slug: string;
  start: string;
  midway: string;
  completion: string;
  impact: string;
}

export const THEMES: readonly DemoTheme[] = [
  {
    match: /health|NHS|general practitioner|GP|accident and emergency|questionnaire|clinical/i,
    slug: "health-partnership-report",
    start:
      "Met the designated nurse and named GP; agreed the changes with the health partners and a date for the first report.",
    midway:
      "Revised arrangements in place across the health partners. Compliance is being checked through the monthly health performance report.",
    completion: "Health partners' report to the safeguarding board confirming the new arrangements are in place",
    impact: "Health performance dashboard for the last quarter showing the measure consistently above target",
  },
  {
    match: /LSCB|HSCB|safeguarding (children )?board|panel|annual report|terms of reference|voluntary sector/i,
    slug: "board-minutes",
    start: "Item tabled for the next safeguarding board business group; terms of reference being redrafted.",
    midway: "Revised arrangements agreed at the board business group; awaiting ratification at the full board.",
    completion: "Safeguarding board minutes ratifying the revised arrangements",
    impact: "Safeguarding board annual report section on partner attendance and contribution",
  },
  {
    match: /assessment|child protection plan|care plan|allegations|thresholds?|chronolog/i,
    slug: "practice-audit",
    start: "Practice guidance under review with the principal social worker; audit tool updated to test the standard.",
    midway: "Revised practice guidance issued and briefings held with all teams. Thematic audit scheduled.",
    completion: "Revised practice guidance and the record of team briefings",
    impact: "Thematic audit report showing the practice standard met in most cases audited",
  },
  {
    match: /supervis|management oversight|reflective/i,
    slug: "supervision-audit",
    start: "Supervision policy and recording template under review with team managers.",
    midway:
      "Revised supervision policy and template issued; all team managers briefed. Dip sample of supervision records booked with the quality assurance team.",
    completion: "Revised supervision policy and recording template, as approved by the senior management team",
    impact: "Quality assurance team's supervision dip-sample report: recording standards met in most files sampled",
  },
  {
    match: /record|chronolog|case file|retrievable|criminal records/i,
    slug: "case-recording-audit",
    start: "Recording standards drafted; system changes requested from the case management system team.",
    midway: "Recording standards issued and the case management system updated. First monthly file audit completed.",
    completion: "Case recording standards and the case management system change note",
    impact: "Monthly case file audit report showing the recording standard met across the sample",
  },
  {
    match: /workforce|training|recruit|capacity|vacan/i,
    slug: "workforce-report",
    start: "Workforce data gathered (vacancies, agency use, training take-up) to scope the work.",
    midway:
      "Recruitment campaign and training programme under way; progress reported to the workforce board each month.",
    completion: "Workforce board report and training programme schedule",
    impact: "Quarterly workforce report showing vacancy and agency rates down and training compliance up",
  },
  {
    match: /participation|views|children in care council|wishes|parents and carers|aware of how to/i,
    slug: "participation-report",
    start: "Participation lead appointed to the work; consultation plan agreed with the children in care council.",
    midway: "Consultation events held and feedback collated; changes to services being agreed with managers.",
    completion: "Participation strategy and consultation report, as agreed at the corporate parenting board",
    impact: "Corporate parenting board minutes recording changes made in response to consultation feedback",
  },
  {
    match: /placement|sufficien|accommodation|pathway plan|care leaver|work experience|apprentice/i,
    slug: "sufficiency-report",
    start: "Needs analysis started with the commissioning team.",
    midway: "Needs analysis complete; commissioning plan and revised guidance drafted for approval.",
    completion: "Sufficiency statement and commissioning plan, as approved by the senior management team",
    impact:
      "Quarterly sufficiency report to the corporate parenting board showing improved placement and pathway measures",
  },
  {
    match: /data|performance|information|analysis|monitor/i,
    slug: "performance-report",
    start: "Performance team scoping the reports managers need.",
    midway: "New monthly performance reports issued to managers; training on using them delivered to team managers.",
    completion: "Monthly performance report pack and the managers' training record",
    impact: "Performance clinic minutes showing managers using the reports to act on exceptions",
  },
];

export const DEFAULT_THEME: DemoTheme = {
  match: /./,
  slug: "action-plan-evidence",
  start: "Lead manager identified; task and finish group set up with a timetable.",
  midway: "Procedure revised and issued to staff; compliance to be checked through audit.",
  completion: "Revised procedure and the briefing issued to staff",
  impact: "Audit report showing the revised procedure consistently followed",
};

export function themeFor(text: string): DemoTheme {
  return THEMES.find((theme) => theme.match.test(text)) ?? DEFAULT_THEME;
}
