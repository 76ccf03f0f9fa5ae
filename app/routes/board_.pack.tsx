import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PackDownloads, packQuery } from "../components/board-pack-downloads";
import { BoardPackView } from "../components/board-pack-view";
import { pageTitle } from "../components/forms";
import { parseAsAtDate } from "../domain/as-at";
import { listVisibleAuthorities } from "../models/authority.server";
import { buildBoardPack } from "../models/board-pack.server";
import { notFound } from "../utils/auth.server";
import { councilSettings, requireContext } from "../utils/context.server";
import { formatDate } from "../utils/dates";
import { storedInteger } from "../utils/record-id";

// /board/pack: the live board pack as a printable page (the print stylesheet hides the chrome).

const QuerySchema = z.object({
  authority: storedInteger().optional().catch(undefined),
  asAt: z.string().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await requireContext(request);
  const { actor, today } = context;
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  if (query.authority !== undefined && !authorities.some((a) => a.id === query.authority)) throw notFound();
  const authorityId = query.authority ?? authorities[0]?.id;
  const settings = await councilSettings(context, authorityId);
  const parsed = parseAsAtDate(query.asAt, today);
  const asAt = "asAt" in parsed ? parsed.asAt : today;
  const pack =
    authorityId === undefined
      ? null
      : await buildBoardPack(actor, authorityId, { asAt, amberWindowDays: settings.amberWindowDays });
  return json({ pack, asAt, today });
}

export default function BoardPackPage() {
  const { pack, asAt, today } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">
        Board pack{pack ? <span className="govuk-caption-l">{pack.authority.name}</span> : null}
      </h1>
      <p className="govuk-body">The improvement plan as at {formatDate(asAt)}.</p>
      {pack ? (
        <PackDownloads query={packQuery(pack.authority.id, asAt, today)} asAt={asAt === today ? null : asAt} />
      ) : null}
      <p className="govuk-body app-no-print">
        Print this page, or download the pack frozen for a held meeting from{" "}
        <Link className="govuk-link" to="/board/meetings">
          board meetings
        </Link>
        .
      </p>
      {pack ? <BoardPackView pack={pack} /> : <p className="govuk-body">There is no plan to report on yet.</p>}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Board pack") }];
