import { DetailsCursor, type PackSource } from "./board-pack-source.server";
import { textBytes } from "./text-stream.server";

// The board pack as JSON, the record kept with a held meeting of exactly what its pack said:
// the frame, then each inspection's recommendations with their actions' updates and evidence,
// written a recommendation at a time.

/** `{...object` without its closing brace, to add a streamed member after. */
const open = (value: object) => JSON.stringify(value).slice(0, -1);

async function* pieces(source: PackSource): AsyncGenerator<string> {
  const { inspections, ...frame } = source.pack;
  const cursor = new DetailsCursor(
    source,
    inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions.map((a) => a.id))),
  );
  yield `${open(frame)},"inspections":[`;
  for (const [i, { recommendations, ...inspection }] of inspections.entries()) {
    yield `${i > 0 ? "," : ""}${open(inspection)},"recommendations":[`;
    for (const [n, { actions, ...recommendation }] of recommendations.entries()) {
      const full = [];
      for (const a of actions) full.push(await cursor.with(a));
      yield `${n > 0 ? "," : ""}${open(recommendation)},"actions":${JSON.stringify(full)}}`;
    }
    yield "]}";
  }
  yield "]}";
}

export function boardPackJson(source: PackSource): AsyncGenerator<Uint8Array> {
  return textBytes(pieces(source));
}
