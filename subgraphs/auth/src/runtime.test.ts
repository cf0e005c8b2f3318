import type { EntityManager } from "@mikro-orm/postgresql";
import { startRuntimeForTest, type RuntimeUnderTest } from "../../../test/support/runtime";
import { configFromEnv } from "./config";
import { createAuthRuntime, type AuthRuntime } from "./runtime";

// The auth service's runtime on its own: built, used and closed without any HTTP server.

const ADMIN = { email: "ada@example.com", password: "Plum-Orchard-7-Lantern" };
let auth: RuntimeUnderTest<AuthRuntime>;

beforeAll(async () => {
  auth = await startRuntimeForTest(createAuthRuntime, configFromEnv, {
    BCRYPT_COST: "10",
    // No email service here: the welcome mail waits in the outbox.
    EMAIL_URL: "http://127.0.0.1:1",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });
});
afterAll(() => auth?.stop());

test("seeds the first admin, who signs in through the service and holds a token its verifier accepts", async () => {
  const { runtime } = auth;
  const em = runtime.orm.em.fork() as EntityManager;
  const outcome = await runtime.signIn.signIn(em, ADMIN.email, ADMIN.password, { ip: "127.0.0.1" });
  if (!("session" in outcome)) throw new Error("no second factor is set up: a session was expected");
  const signedIn = outcome.session;
  expect(signedIn.user.email).toBe(ADMIN.email);
  const identity = await runtime.verifier.verify(`Bearer ${signedIn.accessToken}`);
  expect(identity).toMatchObject({ userId: signedIn.user.id, role: "ADMIN" });
});
