import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { refuseCrossOrigin } from "../utils/auth.server";
import { getSessionUser, signOut } from "../utils/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  refuseCrossOrigin(request);
  // Signed in through a council's provider: say so, and offer its sign-out too.
  const user = await getSessionUser(request);
  const council = user?.sso_authority_id;
  return signOut(request, council ? `/signed-out?council=${council}` : "/login");
}
