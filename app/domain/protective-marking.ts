// The protective marking an authority prints on every page of its Word exports and printed
// spreadsheets (GOV.UK Government Security Classifications: most councils use OFFICIAL).

export const DEFAULT_PROTECTIVE_MARKING = "OFFICIAL";
export const PROTECTIVE_MARKING_MAX = 60;
