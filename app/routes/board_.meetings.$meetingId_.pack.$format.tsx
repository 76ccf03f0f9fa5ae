import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { fileSlug, packDownloadHeaders, renderBoardPack, streamedDownload } from "../exports/board-pack-files.server";
import { databasePackSource } from "../exports/board-pack-source.server";
import { getBoardMeeting, getHeldMeetingPackFile, meetingPackRequest } from "../models/board-meetings.server";
import { buildBoardPackFrame } from "../models/board-pack.server";
import { notFound } from "../utils/auth.server";
import { councilSettings, requireContext } from "../utils/context.server";
import { storedInteger } from "../utils/record-id";

// /board/meetings/:meetingId/pack/(docx|xlsx|csv): a held meeting's frozen pack, byte for byte as
// stored (built again only after an administrator removed personal data it quoted); a planned meeting's live pack, as at its date (or today, before then), with the lead's
// choices, written as it is downloaded.

const ParamsSchema = z.object({
  meetingId: storedInteger(),
  format: z.enum(["docx", "xlsx", "csv"]),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await requireContext(request);
  const { actor, today } = context;
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const { meetingId, format } = parsed.data;
  const meeting = await getBoardMeeting(actor, meetingId);
  if (!meeting) throw notFound();
  const settings = await councilSettings(context, meeting.authority_id);

  const headers = packDownloadHeaders(format, `${fileSlug(meeting.board_name, "board")}-pack-${meeting.meeting_date}`);
  if (meeting.status === "held") {
    const frozen = await getHeldMeetingPackFile(actor, meeting, format, settings.amberWindowDays, new Date());
    if (!frozen) throw notFound();
    return new Response(frozen.bytes, { headers });
  }
  const packRequest = await meetingPackRequest(meeting, { today, amberWindowDays: settings.amberWindowDays });
  const pack = await buildBoardPackFrame(actor, meeting.authority_id, packRequest);
  if (!pack) throw notFound();
  return streamedDownload(renderBoardPack(databasePackSource(pack), format), headers);
}
