/**
 * There is no Docker engine on the development and CI machines, so docker-compose.yml, the
 * Dockerfiles and .env.example are kept honest by reading them: every variable the compose file
 * uses or a service reads must be documented in .env.example, and each image, read as docker
 * builds it with the compose file's build args, must carry its own service.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import {
  APP_SERVICES,
  buildOf,
  dependsOn,
  environmentValue,
  envFileNames,
  interpolatedNames,
  networksOf,
  schemaKeys,
  undocumentedInterpolations,
  undocumentedServiceVariables,
  type ComposeFile,
} from "./compose/compose-file";
import {
  commandOf,
  declaredArgs,
  envOf,
  imageOf,
  renderDockerfile,
  stageBase,
  stagesBuilt,
} from "./compose/dockerfile";

const root = path.resolve(__dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

const INFRA_SERVICES = ["postgres", "redis", "mailpit"];
const SUBGRAPHS = ["auth", "email", "home"];
/**
 * One Dockerfile builds every app image: the target says which kind (a subgraph, or the gateway
 * with the web app), the SERVICE_DIR and PORT build args which service and where it listens.
 */
const DOCKERFILE = "Dockerfile";
const NETWORK = "homegraph";

// --- the files ---

// docker compose resolves YAML merge keys (`<<: *anchor`); the yaml package does only when asked.
const compose = parse(read("docker-compose.yml"), { merge: true }) as ComposeFile;
const services = compose.services ?? {};
const envExample = read(".env.example");
const documented = new Set(envFileNames(envExample));

describe("docker-compose.yml", () => {
  it("defines the infrastructure and every app service", () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([...INFRA_SERVICES, ...Object.keys(APP_SERVICES)]));
  });

  it("puts every service on the homegraph network", () => {
    const offNetwork = Object.entries(services)
      .filter(([, service]) => !networksOf(service).includes(NETWORK))
      .map(([name]) => name);
    expect(offNetwork).toEqual([]);
  });

  it("health-checks every service", () => {
    const unchecked = Object.entries(services)
      .filter(([, s]) => !s.healthcheck?.test || s.healthcheck.disable || [s.healthcheck.test].flat()[0] === "NONE")
      .map(([name]) => name);
    expect(unchecked).toEqual([]);
  });

  it.each(Object.entries(APP_SERVICES))(
    "builds %s from the repository root (the shared Dockerfile's subgraph or gateway target, told its folder and port), listening on 0.0.0.0",
    (name, dir) => {
      const service = services[name];
      expect(service).toBeDefined();
      const port = environmentValue(service, "PORT");
      expect(service.build).toEqual({
        context: ".",
        dockerfile: DOCKERFILE,
        target: SUBGRAPHS.includes(name) ? "subgraph" : "gateway",
        args: { SERVICE_DIR: dir, PORT: port },
      });
      expect(existsSync(path.join(root, buildOf(service).dockerfile))).toBe(true);
      expect(environmentValue(service, "HOST")).toBe("0.0.0.0");
      expect(port).toMatch(/^\d+$/);
    },
  );

  it.each(SUBGRAPHS)("starts %s only once PostgreSQL is healthy, with a DATABASE_URL pointing at it", (name) => {
    const service = services[name] ?? {};
    expect(dependsOn(service)).toMatchObject({ postgres: "service_healthy" });
    expect(environmentValue(service, "DATABASE_URL")).toMatch(/^postgres:\/\/homegraph:.+@postgres:5432\/homegraph$/);
  });

  it("starts the gateway once every subgraph is healthy, finds them by service name, publishes 6003", () => {
    const gateway = services.gateway ?? {};
    expect(dependsOn(gateway)).toMatchObject(Object.fromEntries(SUBGRAPHS.map((s) => [s, "service_healthy"])));
    for (const subgraph of SUBGRAPHS) {
      const port = environmentValue(services[subgraph] ?? {}, "PORT");
      expect(environmentValue(gateway, `${subgraph.toUpperCase()}_URL`)).toBe(`http://${subgraph}:${port}`);
    }
    expect(environmentValue(gateway, "PORT")).toBe("6003");
    expect((gateway.ports ?? []).map(String)).toContain("6003:6003");
  });

  it("documents every variable it interpolates in .env.example", () => {
    expect(undocumentedInterpolations(compose, documented)).toEqual([]);
  });

  it("documents every variable it sets on an app service in .env.example", () => {
    expect(undocumentedServiceVariables(compose, documented)).toEqual([]);
  });
});

describe(".env.example", () => {
  it("names each variable once", () => {
    const names = envFileNames(envExample);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it("has a comment line right above every variable", () => {
    const lines = envExample.split(/\r?\n/);
    const bare = lines
      .map((line, i) => ({ name: envFileNames(line)[0], above: lines[i - 1] ?? "" }))
      .filter(({ name, above }) => name && (!/^\s*#/.test(above) || envFileNames(above).length > 0))
      .map(({ name }) => name);
    expect(bare).toEqual([]);
  });
});

describe("service env schemas", () => {
  it.each(Object.values(APP_SERVICES).map((dir) => `${dir}/src/config.ts`))(
    "%s exports envSchema whose every variable is in .env.example",
    (file) => {
      const absolute = path.join(root, file);
      if (!existsSync(absolute)) throw new Error(`${file} does not exist; each service keeps its envSchema there`);
      // Not import(): a native dynamic import inside jest's sandbox needs --experimental-vm-modules.
      const { envSchema } = jest.requireActual<{ envSchema?: unknown }>(absolute);
      const keys = schemaKeys(envSchema);
      if (!keys) throw new Error(`${file} must export envSchema, a zod object (Object.keys(envSchema.shape))`);
      expect(keys.filter((key) => !documented.has(key))).toEqual([]);
    },
  );
});

describe("Dockerfiles", () => {
  const workspaces = (JSON.parse(read("package.json")) as { workspaces: string[] }).workspaces;

  it.each(Object.entries(APP_SERVICES))(
    "%s: given every build arg it needs, installs from every workspace manifest, builds and ships its own workspace, runs dist/main.js as node",
    (name, dir) => {
      const service = services[name] ?? {};
      const { dockerfile: file, target, args } = buildOf(service);
      const source = read(file);
      const declared = declaredArgs(source);
      expect(Object.keys(args).filter((arg) => !declared.has(arg))).toEqual([]);
      expect([...declared].filter(([arg, fallback]) => fallback === undefined && !(arg in args))).toEqual([]);
      const dockerfile = renderDockerfile(source, args);
      // What the image is made of (its stage and those it starts FROM), and the build stage it copies dist from.
      const image = imageOf(dockerfile, target);
      const build = imageOf(dockerfile, "build");
      // A build arg is empty in a stage that does not declare it: the rendering leaves it as $NAME there.
      const unset = Object.keys(args).filter((arg) =>
        new RegExp(`\\$\\{?${arg}\\b`).test(stagesBuilt(dockerfile, target)),
      );
      expect(unset).toEqual([]);
      const port = environmentValue(service, "PORT");
      // npm takes a workspace's folder for its name: the image installs its own workspace's dependencies.
      expect(workspaces).toContain(dir);
      // npm ci refuses a lockfile whose workspaces are missing, so a new workspace must be copied in too.
      for (const stages of [build, image]) {
        const uncopied = workspaces.filter((ws) => !stages.includes(`COPY ${ws}/package.json ${ws}/`));
        expect(uncopied).toEqual([]);
      }
      expect(stageBase(dockerfile, "build")).toBe("node:20-bookworm-slim");
      expect(stageBase(dockerfile, target ?? "")).toBe("node:20-bookworm-slim");
      expect(build).toContain(`RUN npx tsc -b ${dir}`);
      expect(image).toContain(`npm ci --omit=dev --workspace ${dir} --workspace @homegraph/common`);
      expect(image).toContain(`COPY --from=build /app/${dir}/dist ${dir}/dist`);
      expect(envOf(image)).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: port });
      expect(image).toMatch(new RegExp(`^EXPOSE ${port}$`, "m"));
      expect(image).toMatch(/^USER node$/m);
      expect(commandOf(image)).toBe(`node ${dir}/dist/main.js`);
    },
  );

  it("ships the checked-in supergraph with the gateway", () => {
    const { dockerfile: file, target, args } = buildOf(services.gateway ?? {});
    const dockerfile = renderDockerfile(read(file), args);
    const image = imageOf(dockerfile, target);
    expect(image).toContain("COPY schema/supergraph.graphql schema/supergraph.graphql");
    // The web app is served by the gateway at /: its image carries the built app.
    expect(stagesBuilt(dockerfile, target)).toContain("RUN npm run build -w @homegraph/web");
    expect(image).toContain("COPY --from=web /app/web/dist web/dist");
  });

  it("keeps dependencies, build output, local data and secrets out of the build context", () => {
    const ignored = read(".dockerignore").split(/\r?\n/);
    expect(ignored).toEqual(expect.arrayContaining(["**/node_modules", "**/dist", ".data", ".git", ".env"]));
  });
});

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
