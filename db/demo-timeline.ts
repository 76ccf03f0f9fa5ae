import { addDays, differenceInCalendarDays } from "date-fns";
import type { EvidenceKind, EvidencePurpose, RiskFlag } from "./schema";
import { addAction } from "../app/models/action-create.server";
import { addEvidence } from "../app/models/evidence.server";
import {
  addProgressUpdate,
  assignActionOwner,
  changeActionStatus,
  changeActionTargetDate,
  type ChangeResult,
  flagActionRisk,
} from "../app/models/action-changes.server";
import type { Actor } from "../app/domain/permissions";
import type { StatusMove } from "../app/domain/workflow";
import { isBankHoliday } from "../app/domain/bank-holidays";
import { getDb } from "./client";
import { parseIsoDate, toIsoDate } from "../app/utils/dates";

// Calendar helpers and a thin wrapper over the audited model functions, so the demo story reads
// as a sequence of dated events. Every change goes through the same code a person's form would.

export function plusDays(date: string, days: number): string {
  return toIsoDate(addDays(parseIsoDate(date), days));
}

export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseIsoDate(to), parseIsoDate(from));
}

/** Council staff work weekdays: a weekend or bank holiday moves back to the working day before. */
export function workday(date: string): string {
  let day = date;
  while ([0, 6].includes(parseIsoDate(day).getDay()) || isBankHoliday(day)) day = plusDays(day, -1);
  return day;
}

export interface EvidenceInput {
  kind: EvidenceKind;
  purpose: EvidencePurpose;
  description: string;
  url?: string;
  /** The date the document relates to; defaults to the day it was added. */
  evidenceDate?: string;
}

/**
 * One action's history. Each call happens on the given calendar date at a time later than the
 * previous call on this action, so events on the same day keep their order; nothing may happen
 * after `latest` (the moment the demo is loaded).
 */
export class ActionStory {
  private step = 0;

  constructor(
    readonly actionId: number,
    private readonly latest: Date,
  ) {}

  /** Adds a further action to a recommendation and returns its story. */
  static async added(
    by: Actor,
    input: {
      recommendationId: number;
      title: string;
      description: string;
      ownerId: number | null;
      targetDate: string | null;
    },
    on: string,
    latest: Date,
  ): Promise<ActionStory> {
    const result = await addAction(by, input, instantOn(on, 0, latest));
    if (!result.ok) throw new Error(`demo story: could not add "${input.title}": ${JSON.stringify(result)}`);
    const story = new ActionStory(result.actionId, latest);
    story.step = 1;
    return story;
  }

  private when(on: string): Date {
    return instantOn(on, this.step++, this.latest);
  }

  private async version(): Promise<number> {
    const row = await getDb()
      .selectFrom("actions")
      .select("version")
      .where("id", "=", this.actionId)
      .executeTakeFirstOrThrow();
    return row.version;
  }

  private check(result: ChangeResult, what: string): void {
    if (!result.ok) throw new Error(`demo story: action ${this.actionId}: ${what} refused: ${JSON.stringify(result)}`);
  }

  async assign(by: Actor, owner: Actor, on: string) {
    const at = this.when(on);
    this.check(
      await assignActionOwner(by, { actionId: this.actionId, version: await this.version(), ownerId: owner.id }, at),
      "assign",
    );
  }

  async target(by: Actor, targetDate: string, reason: string, on: string) {
    const at = this.when(on);
    const version = await this.version();
    this.check(
      await changeActionTargetDate(by, { actionId: this.actionId, version, targetDate, reason }, at),
      "target date",
    );
  }

  async progress(by: Actor, body: string, on: string) {
    this.check(await addProgressUpdate(by, { actionId: this.actionId, body }, this.when(on)), "progress update");
  }

  async evidence(by: Actor, input: EvidenceInput, on: string) {
    const at = this.when(on);
    const result = await addEvidence(
      by,
      {
        actionId: this.actionId,
        kind: input.kind,
        purpose: input.purpose,
        description: input.description,
        url: input.url ?? null,
        evidenceDate: input.evidenceDate ?? on,
        file: null,
      },
      at,
    );
    this.check(result, "evidence");
  }

  async move(by: Actor, move: StatusMove, on: string, reason = "") {
    const at = this.when(on);
    const version = await this.version();
    this.check(await changeActionStatus(by, { actionId: this.actionId, version, move, reason }, at), move);
  }

  async flag(by: Actor, flag: RiskFlag | null, reason: string, on: string) {
    const at = this.when(on);
    this.check(
      await flagActionRisk(by, { actionId: this.actionId, version: await this.version(), flag, reason }, at),
      "flag",
    );
  }
}

/** 09:00 UTC on the date plus 20 minutes a step; refuses anything later than `latest`. */
export function instantOn(date: string, step: number, latest: Date): Date {
  const at = new Date(Date.parse(`${date}T09:00:00Z`) + step * 20 * 60_000);
  if (at > latest) throw new Error(`demo story: ${at.toISOString()} is later than ${latest.toISOString()}`);
  return at;
}
