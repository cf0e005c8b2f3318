import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";

let email: SubgraphUnderTest;
beforeAll(async () => {
  email = await startSubgraphForTest(createApp, configFromEnv);
});
afterAll(() => email?.stop());

describe("email subgraph", () => {
  it("creates email_logs in its own schema, with no foreign key to another service", async () => {
    const tables = await email.sql(`select table_name from information_schema.tables where table_schema = 'email'`);
    expect(tables.map((r) => r.table_name).sort()).toEqual(["email_logs", "mikro_orm_migrations"]);
    const fks = await email.sql(
      `select 1 from information_schema.table_constraints where table_schema = 'email' and constraint_type = 'FOREIGN KEY'`,
    );
    expect(fks).toHaveLength(0);
  });

  it("adds emailsSent to the auth service's User, counted per user", async () => {
    await email.sql(
      `insert into email.email_logs (user_id, recipient, subject) values (7, 'a@example.com', 'One'), (7, 'a@example.com', 'Two'), (8, 'b@example.com', 'Three')`,
    );
    const { body } = await email.query(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id emailsSent } } }`,
      {
        r: [
          { __typename: "User", id: "7" },
          { __typename: "User", id: "8" },
          { __typename: "User", id: "9" },
        ],
      },
    );
    expect(body.data!._entities).toEqual([
      { id: "7", emailsSent: 2 },
      { id: "8", emailsSent: 1 },
      { id: "9", emailsSent: 0 },
    ]);
  });
});
