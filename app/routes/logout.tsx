import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { refuseCrossOrigin } from "../utils/auth.server";
import { signOut } from "../utils/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  refuseCrossOrigin(request);
  return signOut(request);
}
