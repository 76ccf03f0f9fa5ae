import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Remix empties *.server modules in the browser bundle, so a value imported from one and used
 * while rendering is undefined in the browser: the page hydrates with different text or throws.
 * Only loaders and actions (stripped from the browser bundle) may use such values.
 */
describe("server-only imports", () => {
  it("are never used by what a route or component renders", () => {
    const files = ["app/routes", "app/components"].flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((f) => /\.tsx$/.test(f) && !f.includes(".test."))
        .map((f) => path.join(dir, f)),
    );
    const problems: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(file, "utf8");
      const start = source.indexOf("export default function");
      const rendered = file.startsWith("app/components") ? source.replace(/^import[\s\S]*?;\n/gm, "") : start >= 0 ? source.slice(start) : "";
      for (const [, names, module] of source.matchAll(/import \{([^}]*)\} from "([^"]*\.server)"/g)) {
        for (const raw of names.split(",")) {
          const name = raw.trim().split(" as ").pop()!.trim();
          if (!name || raw.trim().startsWith("type ")) continue;
          if (new RegExp(`\\b${name}\\b`).test(rendered)) problems.push(`${file}: ${name} from ${module}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
