import fs from "node:fs";
import { chromium } from "playwright-core";
const [src, out, x, y, w, h] = process.argv.slice(2);
fs.writeFileSync("/tmp/crop.html", `<html><body style="margin:0;overflow:hidden"><div style="width:${w}px;height:${h}px;background:url('file://${src}') -${x}px -${y}px no-repeat"></div></body></html>`);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--allow-file-access-from-files"] });
const p = await b.newPage({ viewport: { width: Number(w), height: Number(h) } });
await p.goto("file:///tmp/crop.html");
await p.screenshot({ path: out });
await b.close();
