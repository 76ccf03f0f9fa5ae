import type { Rag } from "./rag";
import { londonDateOf } from "../utils/dates";

// "Changes since the last board": two as-at snapshots of a plan's actions compared, plus what the
// history recorded between the two London days (after the end of `since`, up to the end of `until`).

/** The part of an action's as-at state the comparison needs (see ActionAsAt). */
export interface SnapshotState {
  status: string;
  rag: Rag;
  overdue: boolean;
}

export interface ActionLabel {
  reference: string;
  title: string;
}

export interface TargetDateMove {
  actionId: number;
  at: string;
  from: string | null;
  to: string | null;
  reason: string;
  by: string | null;
}

export interface ImportedRecommendation {
  inspectionTitle: string;
  importedAt: string;
  reference: string;
  text: string;
}

export interface EvidenceItem {
  actionId: number;
  createdAt: string;
  deletedAt: string | null;
  description: string;
}

export interface BoardChangesInput {
  /** The earlier London day, or null to compare with the start of the plan (nothing before). */
  since: string | null;
  until: string;
  previous: ReadonlyMap<number, SnapshotState>;
  current: ReadonlyMap<number, SnapshotState>;
  actions: ReadonlyMap<number, ActionLabel>;
  targetDateMoves: readonly TargetDateMove[];
  recommendations: readonly ImportedRecommendation[];
  evidence: readonly EvidenceItem[];
}

export interface ActionRef extends ActionLabel {
  actionId: number;
}

export interface BoardChanges {
  since: string | null;
  until: string;
  newlySignedOff: ActionRef[];
  newlyOverdue: ActionRef[];
  ragChanges: (ActionRef & { from: Rag; to: Rag })[];
  targetDatesMoved: (ActionRef & Omit<TargetDateMove, "actionId">)[];
  newRecommendations: ImportedRecommendation[];
  newEvidence: (ActionRef & Omit<EvidenceItem, "actionId">)[];
}

export function compareBoardChanges(input: BoardChangesInput): BoardChanges {
  const { since, until, previous, current } = input;
  const between = (instant: string) => {
    const day = londonDateOf(instant);
    return (since === null || day > since) && day <= until;
  };
  const ref = (actionId: number): ActionRef => ({
    actionId,
    ...(input.actions.get(actionId) ?? { reference: "", title: `Action ${actionId}` }),
  });
  const byTime =
    <T>(at: (t: T) => string) =>
    (a: T, b: T) =>
      Date.parse(at(a)) - Date.parse(at(b));

  const newlySignedOff: ActionRef[] = [];
  const newlyOverdue: ActionRef[] = [];
  const ragChanges: BoardChanges["ragChanges"] = [];
  for (const [actionId, now] of current) {
    const before = previous.get(actionId);
    if (now.status === "signed_off" && before?.status !== "signed_off") newlySignedOff.push(ref(actionId));
    if (now.overdue && !before?.overdue) newlyOverdue.push(ref(actionId));
    if (before && before.rag !== now.rag) ragChanges.push({ ...ref(actionId), from: before.rag, to: now.rag });
  }

  return {
    since,
    until,
    newlySignedOff,
    newlyOverdue,
    ragChanges,
    targetDatesMoved: input.targetDateMoves
      .filter((m) => between(m.at))
      .sort(byTime((m) => m.at))
      .map(({ actionId, ...move }) => ({ ...ref(actionId), ...move })),
    newRecommendations: input.recommendations.filter((r) => between(r.importedAt)).sort(byTime((r) => r.importedAt)),
    newEvidence: input.evidence
      // Evidence withdrawn by the end of `until` was not there to see.
      .filter((e) => between(e.createdAt) && (e.deletedAt === null || londonDateOf(e.deletedAt) > until))
      .sort(byTime((e) => e.createdAt))
      .map(({ actionId, ...item }) => ({ ...ref(actionId), ...item })),
  };
}
