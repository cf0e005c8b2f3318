// The compose and Dockerfile readers compose.test.ts relies on, shown to catch what they are for.
import { parse } from "yaml";
import {
  interpolatedNames,
  envFileNames,
  undocumentedInterpolations,
  undocumentedServiceVariables,
  unpassedVariables,
  misdirectedVariables,
  type ComposeFile,
} from "./compose-file";
import { commandOf, envOf, imageOf, renderDockerfile, stageBase, stagesBuilt } from "./dockerfile";

describe("the checks themselves", () => {
  it("reads every interpolation form compose knows, and not escaped dollars", () => {
    expect(interpolatedNames("${A} ${B:-x} ${C-x} ${D:?need D} ${E:+y} $F $$G $${H} ${I:-${J}}")).toEqual([
      "A",
      "B",
      "C",
      "D",
      "E",
      "F",
      "I",
      "J",
    ]);
  });

  it("reads set and commented variables from an env file, not prose", () => {
    expect(envFileNames("# What it is. Default: 1.\n# ONE=1\nTWO=\n  # THREE=a=b\n# not A=1\nlower=1")).toEqual([
      "ONE",
      "TWO",
      "THREE",
    ]);
  });

  it("reads a Dockerfile as docker builds it: ARGs everywhere but CMD, whose shell sees the ENV", () => {
    const dockerfile = [
      "ARG BASE=node:20",
      "FROM ${BASE} AS base",
      "FROM base AS runtime",
      "ARG SERVICE",
      "ARG PORT",
      "ENV PORT=${PORT} SERVICE=$SERVICE",
      "RUN echo $SERVICE $OTHER",
      "EXPOSE ${PORT}",
      'CMD ["sh", "-c", "exec node ${SERVICE}/main.js $UNSET"]',
    ].join("\n");
    const built = renderDockerfile(dockerfile, { SERVICE: "auth", PORT: "6101" });
    expect(built.split("\n")).toEqual([
      "ARG BASE=node:20",
      "FROM node:20 AS base",
      "FROM base AS runtime",
      "ARG SERVICE",
      "ARG PORT",
      "ENV PORT=6101 SERVICE=auth",
      "RUN echo auth $OTHER",
      "EXPOSE 6101",
      'CMD ["sh", "-c", "exec node auth/main.js $UNSET"]',
    ]);
    expect(stageBase(built, "runtime")).toBe("node:20");
    expect(commandOf(built)).toBe("node auth/main.js $UNSET");
    expect(commandOf('CMD ["node", "gateway/dist/main.js"]')).toBe("node gateway/dist/main.js");
    expect(commandOf('CMD ["sh", "-c", "node x.js"]')).toBeUndefined();
    // Without ENV, a shell in CMD would see nothing: the build arg does not reach the container.
    expect(renderDockerfile('ARG SERVICE\nCMD ["sh", "-c", "exec node $SERVICE"]', { SERVICE: "auth" })).toContain(
      "exec node $SERVICE",
    );
  });

  it("reads a target as docker builds it: its FROM chain makes the image, COPY --from brings in only the stages it names", () => {
    const dockerfile = [
      "ARG BASE=node:20",
      "FROM ${BASE} AS base",
      "WORKDIR /app",
      "FROM base AS build",
      "ARG DIR",
      "RUN tsc -b $DIR",
      "FROM base AS assets",
      "RUN build $DIR",
      "FROM base AS runtime",
      "ARG DIR",
      "ARG PORT=1",
      "ENV DIR=${DIR} PORT=$PORT",
      "COPY --from=build /app/${DIR}/dist ${DIR}/dist",
      'CMD ["sh", "-c", "exec node ${DIR}/main.js"]',
      "FROM runtime AS plain",
      "FROM runtime AS full",
      "ENV EXTRA=1",
      "COPY --from=assets /app/out out",
      'CMD ["node", "full.js"]',
    ].join("\n");
    const built = renderDockerfile(dockerfile, { DIR: "svc" });
    // An ARG counts in its own stage only: assets never declared DIR.
    expect(built).toContain("RUN tsc -b svc\n");
    expect(built).toContain("RUN build $DIR\n");
    expect(imageOf(built, "plain").split("\n")).toEqual([
      "FROM node:20 AS base",
      "WORKDIR /app",
      "FROM base AS runtime",
      "ARG DIR",
      "ARG PORT=1",
      "ENV DIR=svc PORT=1",
      "COPY --from=build /app/svc/dist svc/dist",
      'CMD ["sh", "-c", "exec node svc/main.js"]',
      "FROM runtime AS plain",
    ]);
    expect(envOf(imageOf(built, "plain"))).toEqual({ DIR: "svc", PORT: "1" });
    expect(commandOf(imageOf(built, "plain"))).toBe("node svc/main.js");
    // Without a target, the last stage; its own CMD replaces the one it started FROM.
    expect(imageOf(built)).toBe(imageOf(built, "full"));
    expect(envOf(imageOf(built, "full"))).toEqual({ DIR: "svc", PORT: "1", EXTRA: "1" });
    expect(commandOf(imageOf(built, "full"))).toBe("node full.js");
    expect(stagesBuilt(built, "plain")).not.toContain("RUN build");
    expect(stagesBuilt(built, "plain")).toContain("RUN tsc -b svc");
    expect(stagesBuilt(built, "full")).toContain("RUN build $DIR");
    expect(imageOf(built, "full")).not.toContain("RUN tsc");
  });

  it("fails on a variable added to the compose file without documenting it", () => {
    const changed = parse(
      "x-env: &env\n  LOG_LEVEL: ${LOG_LEVEL:-}\nservices:\n  auth:\n    environment:\n      <<: *env\n      NEW_KEY: literal\n      OTHER: ${NEW_VAR:-1}\n",
      { merge: true },
    ) as ComposeFile;
    const docs = new Set(["OTHER"]);
    expect(undocumentedInterpolations(changed, docs)).toEqual([
      "LOG_LEVEL (x-env.LOG_LEVEL)",
      "LOG_LEVEL (services.auth.environment.LOG_LEVEL)",
      "NEW_VAR (services.auth.environment.OTHER)",
    ]);
    expect(undocumentedServiceVariables(changed, docs)).toEqual([
      "LOG_LEVEL (services.auth.environment)",
      "NEW_KEY (services.auth.environment)",
    ]);
  });
});

describe("the both-ways variable checks", () => {
  const changed = parse(
    "services:\n  gateway:\n    environment:\n      PORT: 6003\n      TRUST_PROXY: ${PUBLIC_URL:-}\n      TYPO_LIMIT: ${TYPO_LIMIT:-}\n",
  ) as ComposeFile;
  const readBy = { gateway: ["PORT", "TRUST_PROXY", "PUBLIC_URL"] };

  it("finds a variable a service reads that its container is not given", () => {
    expect(unpassedVariables(changed, readBy)).toEqual(["PUBLIC_URL (services.gateway)"]);
  });

  it("finds a variable set that the service does not read, and one filled from another's name", () => {
    expect(misdirectedVariables(changed, readBy, [])).toEqual([
      "TRUST_PROXY: ${PUBLIC_URL:-} (services.gateway)",
      "TYPO_LIMIT (services.gateway)",
    ]);
  });
});
