import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const dir = fs.mkdtempSync(path.resolve("tests/.tmp/create-user-"));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run user:create` as an operator would, on its own SQLite file (whatever engine the suite runs on). */
async function createUser(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(tsx, ["db/create-user.ts", ...args], {
      env: { ...process.env, DATABASE_PATH: file, DATABASE_URL: "", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each run starts tsx afresh: seconds each on a busy machine.
describe("npm run user:create", { timeout: 90_000 }, () => {
  it("migrates a new database, creates an administrator and prints a one-time set-password link", async () => {
    const file = path.join(dir, "first.db");
    const result = await createUser(
      file,
      ["--email", "Ada.Admin@Council.gov.uk", "--name", "Ada Admin", "--role", "admin"],
      { APP_URL: "" },
    );
    expect(result.code).toBe(0);
    const token = /^ {2}\/set-password\/([\w-]{43})$/m.exec(result.stdout)?.[1];
    expect(token).toBeDefined();
    expect(result.stdout).toMatch(/Put this installation's address in front of it/);

    const db = openDatabase(file);
    try {
      const user = await db.selectFrom("users").selectAll().executeTakeFirstOrThrow();
      expect(user).toMatchObject({
        email: "ada.admin@council.gov.uk",
        name: "Ada Admin",
        role: "admin",
        authority_id: null,
        active: 1,
        password_set_at: null,
      });
      const invitation = await db.selectFrom("invitations").selectAll().executeTakeFirstOrThrow();
      expect(invitation.token_hash).toBe(crypto.createHash("sha256").update(token!).digest("hex"));
      const event = await db.selectFrom("audit_events").selectAll().executeTakeFirstOrThrow();
      expect(event).toMatchObject({ entity_type: "user", event: "user.created", user_id: null });
    } finally {
      await db.destroy();
    }
  });

  it("creates the named authority, takes a password from USER_PASSWORD and refuses weak ones and duplicates", async () => {
    const file = path.join(dir, "second.db");
    const weak = await createUser(
      file,
      ["--email", "lee@council.gov.uk", "--name", "Lee Lead", "--role", "improvement_lead", "--authority", "Hackney"],
      {
        USER_PASSWORD: "Password2024!",
      },
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/USER_PASSWORD is not acceptable: Password is too common/);

    const noAuthority = await createUser(file, [
      "--email",
      "lee@council.gov.uk",
      "--name",
      "Lee Lead",
      "--role",
      "improvement_lead",
    ]);
    expect(noAuthority.code).toBe(1);
    expect(noAuthority.stderr).toMatch(/needs --authority/);

    const ok = await createUser(
      file,
      ["--email", "lee@council.gov.uk", "--name", "Lee Lead", "--role", "improvement_lead", "--authority", "Hackney"],
      {
        USER_PASSWORD: "copper kettle morning rain",
      },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Authority created: Hackney/);
    expect(ok.stdout).not.toMatch(/set-password/);

    const again = await createUser(file, [
      "--email",
      "LEE@council.gov.uk",
      "--name",
      "Lee Again",
      "--authority",
      "Hackney",
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already a user with the email address lee@council.gov.uk/);

    const db = openDatabase(file);
    try {
      const users = await db
        .selectFrom("users")
        .innerJoin("authorities", "authorities.id", "users.authority_id")
        .select(["users.email", "authorities.name", "users.password_hash"])
        .execute();
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ email: "lee@council.gov.uk", name: "Hackney" });
      expect(users[0].password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await db.destroy();
    }
  });
});
