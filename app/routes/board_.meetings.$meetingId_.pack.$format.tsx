import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { fileSlug, packDownloadHeaders, renderBoardPack } from "../exports/board-pack-files.server";
import { getBoardMeeting, getFrozenPackFile } from "../models/board-meetings.server";
import { buildBoardPack } from "../models/board-pack.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";

// /board/meetings/:meetingId/pack/(docx|xlsx|csv): a held meeting's frozen pack, byte for byte as
// stored; a planned meeting's live pack, as at its date (or today, before then).

const ParamsSchema = z.object({
  meetingId: z.coerce.number().int().positive(),
  format: z.enum(["docx", "xlsx", "csv"]),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, today, settings } = await requireContext(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const { meetingId, format } = parsed.data;
  const meeting = await getBoardMeeting(actor, meetingId);
  if (!meeting) throw notFound();

  let bytes: Uint8Array;
  if (meeting.status === "held") {
    const frozen = await getFrozenPackFile(meeting.id, format);
    if (!frozen) throw notFound();
    bytes = frozen.bytes;
  } else {
    const asAt = meeting.meeting_date < today ? meeting.meeting_date : today;
    const pack = await buildBoardPack(actor, meeting.authority_id, { asAt, amberWindowDays: settings.amberWindowDays });
    if (!pack) throw notFound();
    bytes = await renderBoardPack(pack, format);
  }
  return new Response(new Uint8Array(bytes), {
    headers: packDownloadHeaders(format, `${fileSlug(meeting.board_name, "board")}-pack-${meeting.meeting_date}`),
  });
}
