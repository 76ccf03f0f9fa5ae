import type { Kysely } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Nobody misses what is theirs to do: an action sent back to its owner says so until the owner
// acts (actions.sent_back_at); in-app notifications written when something happens (assigned,
// sent back, submitted for sign-off, mentioned) or, for due soon and overdue, when the person next
// opens a page (one per action, kind and target date: the key); and comments on an action.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("actions").addColumn("sent_back_at", "text").execute();

    await trx.schema
      .createTable("action_comments")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id"))
      .addColumn("author_id", "integer", (c) => c.references("users.id"))
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("action_comments_action").on("action_comments").columns(["action_id", "id"]).execute();

    await trx.schema
      .createTable("notifications")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
      .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id"))
      .addColumn("actor_id", "integer", (c) => c.references("users.id"))
      .addColumn("comment_id", "integer", (c) => c.references("action_comments.id"))
      // Written once per person: "<kind>:<action id>:<target date>" for due soon and overdue, unique otherwise.
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("read_at", "text")
      .execute();
    await trx.schema
      .createIndex("notifications_user_key")
      .unique()
      .on("notifications")
      .columns(["user_id", "key"])
      .execute();
    await trx.schema
      .createIndex("notifications_user_unread")
      .on("notifications")
      .columns(["user_id", "read_at", "id"])
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("notifications").execute();
    await trx.schema.dropTable("action_comments").execute();
    await trx.schema.alterTable("actions").dropColumn("sent_back_at").execute();
  });
}
