import { type CurrentUser, forbidden, requireUser } from "./auth.server";

/** The signed-in administrator; anyone else gets 403 (and no hint of what the page holds). */
export async function requireAdmin(request: Request): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") throw forbidden("Only administrators can manage users.");
  return user;
}
