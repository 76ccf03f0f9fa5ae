import pg from "pg";

// The test suites on PostgreSQL (TEST_DATABASE_URL, from tests/setup/postgres.sh): the global setup
// migrates one template database; each test file then gets its own database copied from it
// (CREATE DATABASE ... TEMPLATE, a file copy, far cheaper than migrating), dropped when it ends.

export const TEMPLATE_DATABASE = "followthrough_test_template";

/** TEST_DATABASE_URL with another database name (the server, user and socket unchanged). */
export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function recreateDatabase(client: pg.Client, name: string, template?: string): Promise<void> {
  await client.query(`drop database if exists ${quoted(name)} with (force)`);
  const from = template ? ` template ${quoted(template)}` : "";
  // Two files copying the template at the same instant may be told it is in use: try again shortly.
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`create database ${quoted(name)}${from}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`drop database if exists ${quoted(name)} with (force)`);
}
