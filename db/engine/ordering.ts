import {
  type KyselyPlugin,
  OperationNodeTransformer,
  OrderByItemNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  RawNode,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";

// Where NULLs sort. SQLite puts them first in ascending order (last in descending); PostgreSQL
// does the opposite. The app's lists count on SQLite's order ("undated actions first", a person
// with no owner before named ones), so on PostgreSQL every ORDER BY item the query builder writes
// without its own NULLS FIRST/LAST gets SQLite's: ascending NULLS FIRST, descending NULLS LAST.
// (Raw SQL text is not rewritten: the models write ORDER BY through the builder.)

class SqliteNullOrder extends OperationNodeTransformer {
  protected override transformOrderByItem(node: OrderByItemNode): OrderByItemNode {
    const transformed = super.transformOrderByItem(node);
    if (transformed.nulls) return transformed;
    const direction =
      transformed.direction && RawNode.is(transformed.direction)
        ? transformed.direction.sqlFragments.join("").trim().toLowerCase()
        : "asc";
    return OrderByItemNode.cloneWith(transformed, { nulls: direction === "desc" ? "last" : "first" });
  }
}

export class SqliteNullOrderPlugin implements KyselyPlugin {
  readonly #transformer = new SqliteNullOrder();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
