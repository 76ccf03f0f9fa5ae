import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "tests/**/*.test.{ts,tsx}"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    setupFiles: ["tests/setup/setup.ts"],
    // Migrates the template database when the suite runs on PostgreSQL (TEST_DATABASE_URL).
    globalSetup: ["tests/setup/global-setup.ts"],
    // Migrations are TypeScript files imported by Kysely's FileMigrationProvider.
    server: { deps: { inline: ["kysely"] } },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
