/** The orders the action list can be sorted in, with their labels. */
export const ACTION_SORTS = {
  target_date: "Target date (soonest first)",
  reference: "Recommendation reference",
  status: "Status",
  owner: "Owner",
  updated: "Recently updated",
} as const;
export type ActionSort = keyof typeof ACTION_SORTS;
