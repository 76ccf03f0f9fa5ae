import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { getSessionUser } from "../utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return redirect((await getSessionUser(request)) ? "/dashboard" : "/login");
}
