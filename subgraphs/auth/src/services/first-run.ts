import { randomBytes } from "node:crypto";
import { ConfigError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Role, User } from "../entities/user.entity.js";
import type { AuthRuntime } from "../runtime.js";

export const DEMO_ADMIN = { email: "test@example.com", password: "password", displayName: "Test Admin" };
export const DEMO_MEMBER = { email: "sam@example.com", displayName: "Sam" };

/**
 * With an empty users table: an admin from ADMIN_EMAIL / ADMIN_PASSWORD, or (DEMO_SEED=1, which
 * `npm start` sets on its embedded database) the demo household. Under an advisory lock, so two
 * replicas starting together seed once. ADMIN_EMAIL / ADMIN_PASSWORD were checked by config.ts.
 */
export async function seedFirstRun(runtime: AuthRuntime): Promise<void> {
  const { config, logger, hasher, orm } = runtime;
  const { adminEmail, adminPassword, demoSeed } = config.auth;
  await orm.em.fork().transactional(async (em: EntityManager) => {
    await em.execute("select pg_advisory_xact_lock(hashtext(?))", ["homegraph:auth:first-run"]);
    if ((await em.count(User, {})) > 0) return;
    const now = new Date();
    if (adminEmail && adminPassword) {
      em.create(User, {
        email: adminEmail.trim(),
        displayName: "Admin",
        role: Role.ADMIN,
        passwordHash: await hasher.hash(adminPassword),
        emailVerifiedAt: now,
      });
      await em.flush();
      logger.info({ email: adminEmail.trim() }, "first run: created the admin from ADMIN_EMAIL");
      return;
    }
    if (demoSeed) {
      // The seed's own test credentials: chosen by the seed, not a person, so the policy does not apply.
      const memberPassword = randomBytes(9).toString("base64url");
      const [adminHash, memberHash] = await Promise.all([
        hasher.hash(DEMO_ADMIN.password),
        hasher.hash(memberPassword),
      ]);
      em.create(User, {
        email: DEMO_ADMIN.email,
        displayName: DEMO_ADMIN.displayName,
        role: Role.ADMIN,
        passwordHash: adminHash,
        emailVerifiedAt: now,
      });
      em.create(User, {
        email: DEMO_MEMBER.email,
        displayName: DEMO_MEMBER.displayName,
        role: Role.MEMBER,
        passwordHash: memberHash,
        emailVerifiedAt: now,
      });
      await em.flush();
      logger.warn(
        {
          admin: `${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
          member: `${DEMO_MEMBER.email} / ${memberPassword}`,
        },
        "first run: seeded the DEMO household (DEMO_SEED=1); these passwords are shown only now",
      );
      return;
    }
    logger.warn("no users yet: set ADMIN_EMAIL and ADMIN_PASSWORD (or DEMO_SEED=1) to create the first admin");
  });
}

/**
 * Production refuses to start while the demo household can still sign in: its admin's password is
 * published in the README, and the member's was written to a development log.
 */
export async function refuseDemoHousehold(runtime: Pick<AuthRuntime, "config" | "orm">): Promise<void> {
  if (runtime.config.nodeEnv !== "production") return;
  const demo = await runtime.orm.em
    .fork()
    .find(User, { email: { $in: [DEMO_ADMIN.email, DEMO_MEMBER.email] }, disabledAt: null });
  if (demo.length) {
    throw new ConfigError([
      {
        variable: "DEMO_SEED",
        message: `the demo accounts (${demo.map((u) => u.email).join(", ")}) are still active: disable them before running in production`,
      },
    ]);
  }
}
