import type { Env } from "@homegraph/common";
import { createUser, startAuth, type AuthUnderTest } from "./helpers";

export const ME = `{ me { id email role } }`;

/** Ann's and Bo's password. */
export const PASSWORD = "correct horse battery";

export interface AnnAndBo {
  auth: AuthUnderTest;
  annId: number;
}

/** The service with Ann (ADMIN) and Bo (MEMBER), both signing in with `password`. */
async function startWithAnnAndBo(password: string, extra: Env = {}): Promise<AnnAndBo> {
  const auth = await startAuth(extra);
  const annId = await createUser(auth, { email: "ann@example.com", password, role: "ADMIN" });
  await createUser(auth, { email: "bo@example.com", password, role: "MEMBER" });
  return { auth, annId };
}

/**
 * One test file's service with Ann and Bo (signing in with PASSWORD; `extra` added to its
 * environment): started before the file's tests and handed to `started` (which may add to it),
 * its rate limits emptied before each test so that one test's failures never hold up the next,
 * stopped after the last. Returns the file's view of the audit log.
 */
export function useAnnAndBo(started: (household: AnnAndBo) => unknown, extra: Env = {}) {
  let auth: AuthUnderTest | undefined;
  const running = (): AuthUnderTest => {
    if (!auth) throw new Error("the auth service starts in beforeAll");
    return auth;
  };
  beforeAll(async () => {
    const household = await startWithAnnAndBo(PASSWORD, extra);
    auth = household.auth;
    await started(household);
  });
  afterAll(() => auth?.stop());
  beforeEach(() => running().sql(`delete from auth.rate_limit_buckets`));
  return { auditOf: (type: string) => auditOf(running(), type) };
}

/** The audit rows of one event type, oldest first. */
export function auditOf(auth: AuthUnderTest, type: string): Promise<Record<string, any>[]> {
  return auth.sql(`select * from auth.audit_log where event_type = $1 order by id`, [type]);
}
