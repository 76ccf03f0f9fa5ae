import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { withStatementCache } from "../../db/client";

describe("the prepared statement cache", () => {
  const opened: SQLite.Database[] = [];
  const open = () => {
    const sqlite = new SQLite(":memory:");
    opened.push(sqlite);
    sqlite.exec("create table t (n integer)");
    sqlite.exec("insert into t values (1), (2), (3)");
    return sqlite;
  };
  afterEach(() => {
    for (const sqlite of opened.splice(0)) if (sqlite.open) sqlite.close();
  });

  it("hands back the same prepared statement for the same SQL, and a different one for other SQL", () => {
    const db = withStatementCache(open());
    const first = db.prepare("select n from t where n > ?");
    expect(db.prepare("select n from t where n > ?")).toBe(first);
    expect(db.prepare("select n from t where n < ?")).not.toBe(first);
    expect((first as SQLite.Statement).all(1)).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it("never hands out a statement that is still being iterated", () => {
    const db = withStatementCache(open());
    const sql = "select n from t order by n";
    const iterating = db.prepare(sql) as SQLite.Statement;
    const rows = iterating.iterate();
    expect(rows.next().value).toEqual({ n: 1 });
    const meanwhile = db.prepare(sql) as SQLite.Statement;
    expect(meanwhile).not.toBe(iterating);
    expect(meanwhile.all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }]);
    // Once the iteration ends, the cached statement is free again.
    expect(db.prepare(sql)).toBe(iterating);
  });

  it("keeps at most 500 statements, dropping the least recently used", () => {
    const db = withStatementCache(open());
    const kept = db.prepare("select 0 as n from t");
    const evicted = db.prepare("select 1 as n from t");
    for (let i = 2; i < 500; i++) db.prepare(`select ${i} as n from t`);
    // Using the first again makes the second the oldest; one more statement pushes it out.
    expect(db.prepare("select 0 as n from t")).toBe(kept);
    db.prepare("select 500 as n from t");
    expect(db.prepare("select 0 as n from t")).toBe(kept);
    expect(db.prepare("select 1 as n from t")).not.toBe(evicted);
  });

  it("still answers correctly after the table it reads is changed", () => {
    const sqlite = open();
    const db = withStatementCache(sqlite);
    const sql = "select * from t order by n";
    expect((db.prepare(sql) as SQLite.Statement).all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    sqlite.exec("alter table t add column label text default 'x'");
    expect((db.prepare(sql) as SQLite.Statement).all()).toEqual([
      { n: 1, label: "x" },
      { n: 2, label: "x" },
      { n: 3, label: "x" },
    ]);
  });
});
