import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { fileSlug, packDownloadHeaders, renderBoardPack, streamedDownload } from "../exports/board-pack-files.server";
import { databasePackSource } from "../exports/board-pack-source.server";
import { parseAsAtDate } from "../domain/as-at";
import { listVisibleAuthorities } from "../models/authority.server";
import { buildBoardPackFrame } from "../models/board-pack.server";
import { notFound } from "../utils/auth.server";
import { councilSettings, requireContext } from "../utils/context.server";
import { storedInteger } from "../utils/record-id";

// /board/pack/(docx|xlsx|csv)?authority=&asAt=: the live board pack as a file, today or as at a
// past date, for anyone who may read the authority's board (board members included), covering the
// plans open at that date, every section, in full. The file is written as it is downloaded. A
// meeting's pack (with the lead's choices) is downloaded from the meeting instead.

const ParamsSchema = z.object({ format: z.enum(["docx", "xlsx", "csv"]) });

const QuerySchema = z.object({
  authority: storedInteger().optional().catch(undefined),
  asAt: z.string().optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await requireContext(request);
  const { actor, today } = context;
  const parsedParams = ParamsSchema.safeParse(params);
  if (!parsedParams.success) throw notFound();
  const { format } = parsedParams.data;
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  if (query.authority !== undefined && !authorities.some((a) => a.id === query.authority)) throw notFound();
  const authorityId = query.authority ?? authorities[0]?.id;
  if (authorityId === undefined) throw notFound("There is no plan to report on yet.");
  const settings = await councilSettings(context, authorityId);
  // A file cannot show an error message beside a form, so a bad date is refused outright.
  const parsed = parseAsAtDate(query.asAt, today);
  if ("error" in parsed)
    throw new Response(parsed.error, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const pack = await buildBoardPackFrame(actor, authorityId, {
    asAt: parsed.asAt,
    amberWindowDays: settings.amberWindowDays,
  });
  if (!pack) throw notFound();
  return streamedDownload(
    renderBoardPack(databasePackSource(pack), format),
    packDownloadHeaders(format, `${fileSlug(pack.authority.name, "authority")}-board-pack-${pack.asAt}`),
  );
}
