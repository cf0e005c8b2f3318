import { GraphQLError } from "graphql";
import { BadUserInputError, ErrorCode, formatError, NotFoundError } from "./errors";

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
});
