import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { signOut } from "../utils/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return signOut(request);
}
