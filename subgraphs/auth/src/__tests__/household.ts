import type { Env } from "@homegraph/common";
import { createUser, startAuth, type AuthUnderTest } from "./helpers";

export const ME = `{ me { id email role } }`;

/** The service with Ann (ADMIN) and Bo (MEMBER), both signing in with `password`. */
export async function startWithAnnAndBo(
  password: string,
  extra: Env = {},
): Promise<{ auth: AuthUnderTest; annId: number }> {
  const auth = await startAuth(extra);
  const annId = await createUser(auth, { email: "ann@example.com", password, role: "ADMIN" });
  await createUser(auth, { email: "bo@example.com", password, role: "MEMBER" });
  return { auth, annId };
}

/** The audit rows of one event type, oldest first. */
export function auditOf(auth: AuthUnderTest, type: string): Promise<Record<string, any>[]> {
  return auth.sql(`select * from auth.audit_log where event_type = $1 order by id`, [type]);
}
