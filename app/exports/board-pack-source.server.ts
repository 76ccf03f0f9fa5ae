import { setImmediate as nextTurn } from "node:timers/promises";
import {
  type ActionDetails,
  type BoardPack,
  type BoardPackFrame,
  type PackAction,
  type PackActionRow,
} from "../models/board-pack.server";
import { DETAILS_PAGE_SIZE, loadActionDetails } from "../models/board-pack-details.server";

// What the pack writers read: the pack's frame, and the actions' updates and evidence on demand,
// a page at a time.

export interface PackSource {
  pack: BoardPackFrame;
  details: (actionIds: readonly number[]) => Promise<Map<number, ActionDetails>>;
}

/** A pack read from the database: details are loaded as the writer reaches them. */
export function databasePackSource(frame: BoardPackFrame): PackSource {
  return { pack: frame, details: (ids) => loadActionDetails(ids, frame.asAt) };
}

/** A pack already held whole (the page, tests): details come from it. */
export function packSource(pack: BoardPack): PackSource {
  const byId = new Map<number, PackAction>();
  for (const i of pack.inspections) for (const r of i.recommendations) for (const a of r.actions) byId.set(a.id, a);
  return {
    pack,
    details: async (ids) =>
      new Map(
        ids.map((id) => {
          const a = byId.get(id);
          return [id, { latestUpdate: a?.latestUpdate ?? null, evidence: a?.evidence ?? [] }];
        }),
      ),
  };
}

/**
 * Reads details for actions in the order a writer will ask for them, a page ahead at a time, and
 * lets other work run between pages (a big pack never holds up other requests for long).
 */
export class DetailsCursor {
  private readonly position = new Map<number, number>();
  private page = new Map<number, ActionDetails>();

  constructor(
    private readonly source: PackSource,
    private readonly order: readonly number[],
  ) {
    order.forEach((id, i) => this.position.set(id, i));
  }

  async with<A extends PackActionRow>(action: A): Promise<A & ActionDetails> {
    let details = this.page.get(action.id);
    if (!details) {
      const at = this.position.get(action.id) ?? 0;
      this.page = await this.source.details(this.order.slice(at, at + DETAILS_PAGE_SIZE));
      await nextTurn();
      details = this.page.get(action.id) ?? { latestUpdate: null, evidence: [] };
    }
    return { ...action, ...details };
  }
}

/** Lets other work run: called between pieces of a long export. */
export const yieldToOthers = () => nextTurn();
