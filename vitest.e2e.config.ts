import path from "node:path";
import { defineConfig } from "vitest/config";

// Browser tests: the production build served by remix-serve, driven through Debian's Chromium.
// No unit setup file here: the server owns its own temporary database (tests/e2e/global-setup.ts).
export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    // One server, one database: the journey's steps build on each other, so files run one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
