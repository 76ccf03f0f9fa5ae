import crypto from "node:crypto";
import { closeDb, getDb } from "../../db/client";
import { createUser } from "../../app/models/user.server";
import type { Role } from "../../app/domain/permissions";

// Run by the browser tests' global setup against a freshly migrated, empty database
// (DATABASE_PATH). Everyone but the administrator belongs to the authority the Havering report is
// about, because a lead imports into their own authority. Prints one JSON line: the people the
// browser tests sign in as.

const AUTHORITY_NAME = "London Borough of Havering";

const PEOPLE: { key: "lead" | "manager" | "board" | "admin"; name: string; email: string; role: Role }[] = [
  { key: "lead", name: "Lena Lead", email: "lead@havering.example.gov.uk", role: "improvement_lead" },
  { key: "manager", name: "Sam Manager", email: "manager@havering.example.gov.uk", role: "service_manager" },
  { key: "board", name: "Bo Board", email: "board@havering.example.gov.uk", role: "board_member" },
  // Administrators work across every authority; createUser stores no authority for them.
  { key: "admin", name: "Ada Admin", email: "admin@followthrough.example.gov.uk", role: "admin" },
];

async function main() {
  const now = new Date();
  const authority = await getDb()
    .insertInto("authorities")
    .values({ name: AUTHORITY_NAME, created_at: now.toISOString() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const users: Record<string, { name: string; email: string; password: string }> = {};
  for (const person of PEOPLE) {
    const password = crypto.randomBytes(12).toString("base64url");
    await createUser(
      { name: person.name, email: person.email, role: person.role, authorityId: authority.id, password },
      now,
    );
    users[person.key] = { name: person.name, email: person.email, password };
  }
  console.log(JSON.stringify({ authorityId: authority.id, users }));
}

try {
  await main();
} finally {
  await closeDb();
}
