import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { checkPassword } from "../app/domain/passwords";
import { ROLE_LABELS, type Role } from "../app/domain/permissions";
import { recordAuditEvent } from "../app/models/audit.server";
import { findAuthorityByName } from "../app/models/authority.server";
import { createInvitation, INVITATION_LIFETIME_DAYS } from "../app/models/invitation.server";
import { createUser, isEmailTaken } from "../app/models/user.server";
import { closeDb, getDb } from "./client";
import { databasePath } from "./config";
import { migrateToLatest } from "./migrate";

// npm run user:create -- --email a@b.gov.uk --name "A B" --role admin [--authority "Name"]
//
// The first administrator of a real installation (DEMO_DATA=false), or anyone else from the
// command line. Asks nothing: it prints a one-time link to choose a password, or, when
// USER_PASSWORD is set in the environment, sets that password (if the policy allows it).

const USAGE = `Usage: npm run user:create -- --email <address> --name "<full name>" [--role ${Object.keys(ROLE_LABELS).join("|")}] [--authority "<authority name>"]
Role defaults to admin. Everyone except an administrator needs an authority; a new one is created if none has that name.
Set USER_PASSWORD in the environment to give a password instead of printing a link to choose one.`;

class UsageError extends Error {}
/** A problem with what was asked for (a weak password, an e-mail in use), not with how. */
class RefusedError extends Error {}

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "admin" },
      authority: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError("");
  const email = values.email?.trim().toLowerCase() ?? "";
  const name = values.name?.trim() ?? "";
  const role = values.role as Role;
  const authority = values.authority?.trim() || null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError("Give an email address with --email.");
  if (!name) throw new UsageError("Give the person's full name with --name.");
  if (!(role in ROLE_LABELS)) throw new UsageError(`--role must be one of: ${Object.keys(ROLE_LABELS).join(", ")}.`);
  if (role !== "admin" && !authority) throw new UsageError(`A ${ROLE_LABELS[role].toLowerCase()} needs --authority.`);
  return { email, name, role, authority: role === "admin" ? null : authority };
}

/** Creates the user and returns what to print. Throws UsageError or RefusedError for anything the caller should fix. */
export async function createUserFromCommandLine(
  argv: string[],
  env: NodeJS.ProcessEnv,
  now = new Date(),
): Promise<string> {
  const options = readOptions(argv);
  const password = env.USER_PASSWORD ?? null;
  if (password !== null) {
    const problem = checkPassword(password, options);
    if (problem) throw new RefusedError(`USER_PASSWORD is not acceptable: ${problem}.`);
  }
  const db = getDb();
  await migrateToLatest(db);
  if (await isEmailTaken(options.email))
    throw new RefusedError(`There is already a user with the email address ${options.email}.`);

  const lines: string[] = [];
  const link = await db.transaction().execute(async (trx) => {
    let authorityId: number | null = null;
    if (options.authority) {
      const existing = await findAuthorityByName(options.authority, trx);
      authorityId =
        existing?.id ??
        (
          await trx
            .insertInto("authorities")
            .values({ name: options.authority, created_at: now.toISOString() })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      lines.push(existing ? `Authority: ${existing.name}` : `Authority created: ${options.authority}`);
    }
    const user = await createUser({ ...options, authorityId, password }, now, trx);
    await recordAuditEvent(trx, {
      userId: null,
      authorityId,
      entityType: "user",
      entityId: user.id,
      event: "user.created",
      after: {
        name: user.name,
        email: user.email,
        role: user.role,
        authority_id: user.authority_id,
        active: 1,
        password: password === null ? "invitation" : "set from the command line",
      },
      at: now,
    });
    lines.unshift(`Created ${ROLE_LABELS[user.role].toLowerCase()} ${user.name} <${user.email}> in ${databasePath()}`);
    return password === null ? createInvitation({ userId: user.id, createdBy: null }, now, trx) : null;
  });

  if (link) {
    const site = env.APP_URL?.trim().replace(/\/+$/, "");
    lines.push(
      "",
      `Send them this link to choose a password. It works once, for ${INVITATION_LIFETIME_DAYS} days:`,
      "",
      `  ${link.path}`,
      "",
      site
        ? `On this installation (APP_URL): ${site}${link.path}`
        : `Put this installation's address in front of it, for example http://localhost:${env.PORT ?? 3000}${link.path}`,
    );
  } else {
    lines.push("The password from USER_PASSWORD is set; they can sign in now.");
  }
  return lines.join("\n");
}

async function main() {
  try {
    console.log(await createUserFromCommandLine(process.argv.slice(2), process.env));
  } catch (error) {
    if (error instanceof RefusedError) {
      console.error(error.message);
    } else if (error instanceof UsageError || error instanceof TypeError) {
      // parseArgs reports unknown or malformed options as TypeErrors with a readable message.
      if (error.message) console.error(error.message);
      console.error(USAGE);
    } else {
      throw error;
    }
    process.exitCode = 1;
  } finally {
    await closeDb();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
