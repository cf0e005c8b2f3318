import { GraphQLError } from "graphql";
import { BadUserInputError, ErrorCode, formatError, isDatabaseUnreachable, NotFoundError } from "./errors";

const formattedOf = (error: GraphQLError) => error.toJSON();

describe("formatError", () => {
  it("keeps the message and code of errors meant for people", () => {
    const original = new NotFoundError("No device with id 7.");
    const wrapped = new GraphQLError(original.message, { originalError: original, path: ["device"] });
    expect(formatError(formattedOf(wrapped), wrapped)).toEqual({
      message: "No device with id 7.",
      path: ["device"],
      locations: undefined,
      extensions: { code: ErrorCode.NOT_FOUND },
    });
  });

  it("keeps the field an input error names", () => {
    const original = new BadUserInputError("Enter a valid email address.", "email");
    const out = formatError(formattedOf(original), original);
    expect(out.extensions).toEqual({ code: "BAD_USER_INPUT", field: "email" });
  });

  it("hides SQL, driver messages and stack traces behind INTERNAL", () => {
    const original = new Error('select * from "auth"."users" where id = 1 - relation does not exist');
    const wrapped = new GraphQLError(original.message, {
      originalError: original,
      extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at db.ts:1"] },
    });
    const logged: unknown[] = [];
    const out = formatError(formattedOf(wrapped), wrapped, (e) => logged.push(e));
    expect(out.message).toBe("Something went wrong on our side. Please try again.");
    expect(out.extensions).toEqual({ code: "INTERNAL" });
    expect(JSON.stringify(out)).not.toMatch(/select|auth|stack/i);
    expect(logged).toEqual([original]);
  });

  it("maps GraphQL's own parse and validation errors to BAD_USER_INPUT", () => {
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    expect(formatError(formattedOf(error), error).extensions).toEqual({
      code: "BAD_USER_INPUT",
      reason: "GRAPHQL_VALIDATION_FAILED",
    });
  });

  it("relays a code a subgraph already gave (at the gateway)", () => {
    const relayed = new GraphQLError("The home service is unavailable right now.", {
      extensions: { code: "UNAVAILABLE", serviceName: "home" },
    });
    expect(formatError(formattedOf(relayed), relayed).extensions).toEqual({ code: "UNAVAILABLE" });
  });

  it("answers a database that cannot be reached with UNAVAILABLE, and a failing query with INTERNAL", () => {
    const unreachable = [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      // MikroORM wraps the driver's error and keeps it as `previous`.
      Object.assign(new Error("select 1 - the database system is shutting down"), {
        name: "DriverException",
        previous: Object.assign(new Error("the database system is shutting down"), { code: "57P03" }),
      }),
      Object.assign(new Error("Knex: Timeout acquiring a connection. The pool is probably full."), {
        name: "KnexTimeoutError",
      }),
    ];
    for (const original of unreachable) {
      expect(isDatabaseUnreachable(original)).toBe(true);
      const wrapped = new GraphQLError(original.message, { originalError: original, path: ["me"] });
      const out = formatError(formattedOf(wrapped), wrapped);
      expect(out.extensions).toEqual({ code: "UNAVAILABLE" });
      expect(out.message).not.toMatch(/ECONNREFUSED|administrator|Knex|select/);
    }
    const failing = Object.assign(new Error('relation "auth.nope" does not exist'), { code: "42P01" });
    expect(isDatabaseUnreachable(failing)).toBe(false);
    const wrapped = new GraphQLError(failing.message, { originalError: failing });
    expect(formatError(formattedOf(wrapped), wrapped).extensions).toEqual({ code: "INTERNAL" });
  });
});
