/**
 * There is no Docker engine on the development and CI machines, so docker-compose.yml, the
 * Dockerfiles and .env.example are kept honest by reading them: every variable the compose file
 * uses or a service reads must be documented in .env.example, and each image, read as docker
 * builds it with the compose file's build args, must carry its own service.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** Service name in docker-compose.yml → its workspace folder. */
const APP_SERVICES: Record<string, string> = {
  auth: "subgraphs/auth",
  email: "subgraphs/email",
  home: "subgraphs/home",
  gateway: "gateway",
};
const INFRA_SERVICES = ["postgres", "redis", "mailpit"];
const SUBGRAPHS = ["auth", "email", "home"];
/** The subgraphs share one Dockerfile, told which service to build by the SERVICE and PORT build args. */
const SUBGRAPH_DOCKERFILE = "subgraphs/Dockerfile";
const NETWORK = "homegraph";

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string | number> | string[] } | string;
  environment?: Record<string, unknown> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  networks?: string[] | Record<string, unknown>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number | { target?: number; published?: number | string })[];
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
}

// --- the checks, kept as functions so the last describe block can prove they catch mistakes ---

/** Variables compose interpolates in one value: ${NAME}, ${NAME:-x}, ${NAME:?x}, $NAME; `$$` is a literal `$`. */
function interpolatedNames(value: string): string[] {
  const names: string[] = [];
  for (const m of value.matchAll(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = m[1] ?? m[2];
    if (name) names.push(name);
  }
  return names;
}

/** Every string value in a parsed YAML tree with its path; compose interpolates values, not keys. */
function stringValues(node: unknown, at = ""): { at: string; value: string }[] {
  if (typeof node === "string") return [{ at, value: node }];
  if (Array.isArray(node)) return node.flatMap((item, i) => stringValues(item, `${at}[${i}]`));
  if (node && typeof node === "object") {
    return Object.entries(node).flatMap(([key, item]) => stringValues(item, at ? `${at}.${key}` : key));
  }
  return [];
}

/** Names of `NAME=value` and commented `# NAME=value` lines. */
function envFileNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => /^\s*(?:#\s*)?([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** `VAR (where)` for each variable the compose file interpolates that `documented` lacks. */
function undocumentedInterpolations(compose: unknown, documented: Set<string>): string[] {
  return stringValues(compose).flatMap(({ at, value }) =>
    interpolatedNames(value)
      .filter((name) => !documented.has(name))
      .map((name) => `${name} (${at})`),
  );
}

function environmentKeys(service: ComposeService): string[] {
  const env = service.environment ?? {};
  return Array.isArray(env) ? env.map((entry) => entry.split("=")[0]) : Object.keys(env);
}

function environmentValue(service: ComposeService, key: string): string | undefined {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    const entry = env.find((e) => e.split("=")[0] === key);
    return entry?.slice(key.length + 1);
  }
  return env[key] === undefined || env[key] === null ? undefined : String(env[key]);
}

/** `VAR (services.x.environment)` for each variable set on an app service that `documented` lacks. */
function undocumentedServiceVariables(compose: ComposeFile, documented: Set<string>): string[] {
  return Object.keys(APP_SERVICES).flatMap((name) =>
    environmentKeys(compose.services?.[name] ?? {})
      .filter((key) => !documented.has(key))
      .map((key) => `${key} (services.${name}.environment)`),
  );
}

/** The keys of a zod object schema, looking through a transform or pipe around it. */
function schemaKeys(schema: unknown): string[] | undefined {
  let current = schema as Record<string, unknown> | undefined;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current.shape && typeof current.shape === "object") return Object.keys(current.shape);
    const def = (current.def ?? current._def) as Record<string, unknown> | undefined;
    current = (current.in ?? def?.in ?? def?.schema ?? def?.innerType) as Record<string, unknown> | undefined;
  }
  return undefined;
}

function networksOf(service: ComposeService): string[] {
  const networks = service.networks ?? [];
  return Array.isArray(networks) ? networks : Object.keys(networks);
}

function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition]));
}

function buildOf(service: ComposeService): { context: string; dockerfile: string; args: Record<string, string> } {
  const build = typeof service.build === "string" ? { context: service.build } : (service.build ?? {});
  const args = Array.isArray(build.args)
    ? Object.fromEntries(build.args.map((entry) => [entry.split("=")[0], entry.slice(entry.indexOf("=") + 1)]))
    : Object.fromEntries(Object.entries(build.args ?? {}).map(([key, value]) => [key, String(value)]));
  return { context: build.context ?? ".", dockerfile: build.dockerfile ?? "Dockerfile", args };
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** `ARG NAME` and `ARG NAME=default` lines: each name with its default, if any. */
function declaredArgs(dockerfile: string): Map<string, string | undefined> {
  return new Map(
    [...dockerfile.matchAll(/^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?\s*$/gm)].map((m) => [m[1]!, m[2]]),
  );
}

/** `KEY=value` pairs of the ENV lines. */
function envOf(dockerfile: string): Record<string, string> {
  return Object.fromEntries(
    [...dockerfile.matchAll(/^ENV\s+(.+)$/gm)].flatMap((m) =>
      m[1]!.split(/\s+/).map((pair) => [pair.split("=")[0], pair.slice(pair.indexOf("=") + 1)]),
    ),
  );
}

/**
 * A Dockerfile as docker builds it with `args`: declared ARGs are replaced in every instruction but
 * CMD, whose exec form docker leaves alone; a shell in CMD expands the variables the image's ENV
 * sets, so those are replaced there. What is left as `$NAME` was not given.
 */
function renderDockerfile(dockerfile: string, args: Record<string, string>): string {
  const declared = declaredArgs(dockerfile);
  const value = (name: string) => args[name] ?? declared.get(name);
  const built = dockerfile.split("\n").map((line) =>
    line.startsWith("CMD ")
      ? line
      : line.replace(VARIABLE, (whole, a?: string, b?: string) => {
          const name = (a ?? b)!;
          return declared.has(name) ? (value(name) ?? whole) : whole;
        }),
  );
  const env = envOf(built.join("\n"));
  return built
    .map((line) =>
      line.startsWith("CMD ")
        ? line.replace(VARIABLE, (whole, a?: string, b?: string) => env[(a ?? b)!] ?? whole)
        : line,
    )
    .join("\n");
}

/** The image a stage starts from, following `FROM stage AS ...` back to a registry image. */
function stageBase(dockerfile: string, stage: string): string | undefined {
  const froms = new Map([...dockerfile.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)\s*$/gim)].map((m) => [m[2]!, m[1]!]));
  let image = froms.get(stage);
  for (let depth = 0; image && froms.has(image) && depth < 10; depth++) image = froms.get(image);
  return image;
}

/** The command a CMD runs: the exec form's argv, or the command a `sh -c "exec ..."` hands over to. */
function commandOf(dockerfile: string): string | undefined {
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
  if (!cmd) return undefined;
  const argv = JSON.parse(cmd) as string[];
  if (argv[0] === "sh" && argv[1] === "-c" && argv.length === 3) return /^exec (.+)$/.exec(argv[2]!)?.[1];
  return argv.join(" ");
}

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
    "builds %s from the repository root (a subgraph from the shared Dockerfile, told its name and port), listening on 0.0.0.0",
    (name, dir) => {
      const service = services[name];
      expect(service).toBeDefined();
      const port = environmentValue(service, "PORT");
      expect(service.build).toEqual(
        SUBGRAPHS.includes(name)
          ? { context: ".", dockerfile: SUBGRAPH_DOCKERFILE, args: { SERVICE: name, PORT: port } }
          : { context: ".", dockerfile: `${dir}/Dockerfile` },
      );
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
      const { dockerfile: file, args } = buildOf(service);
      const source = read(file);
      const declared = declaredArgs(source);
      expect(Object.keys(args).filter((arg) => !declared.has(arg))).toEqual([]);
      expect([...declared].filter(([arg, fallback]) => fallback === undefined && !(arg in args))).toEqual([]);
      const dockerfile = renderDockerfile(source, args);
      const workspace = (JSON.parse(read(`${dir}/package.json`)) as { name: string }).name;
      const port = environmentValue(service, "PORT");
      // npm ci refuses a lockfile whose workspaces are missing, so a new workspace must be copied in too.
      const uncopied = workspaces.filter((ws) => !dockerfile.includes(`COPY ${ws}/package.json ${ws}/`));
      expect(uncopied).toEqual([]);
      expect(stageBase(dockerfile, "build")).toBe("node:20-bookworm-slim");
      expect(stageBase(dockerfile, "runtime")).toBe("node:20-bookworm-slim");
      expect(dockerfile).toContain(`RUN npx tsc -b ${dir}`);
      expect(dockerfile).toContain(`npm ci --omit=dev --workspace ${workspace} --workspace @homegraph/common`);
      expect(dockerfile).toContain(`COPY --from=build /app/${dir}/dist ${dir}/dist`);
      expect(envOf(dockerfile)).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: port });
      expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, "m"));
      expect(dockerfile).toMatch(/^USER node$/m);
      expect(commandOf(dockerfile)).toBe(`node ${dir}/dist/main.js`);
    },
  );

  it("ships the checked-in supergraph with the gateway", () => {
    expect(read("gateway/Dockerfile")).toContain("COPY schema/supergraph.graphql schema/supergraph.graphql");
    // The web app is served by the gateway at /: its image carries the built app.
    expect(read("gateway/Dockerfile")).toContain("RUN npm run build -w @homegraph/web");
    expect(read("gateway/Dockerfile")).toContain("COPY --from=web /app/web/dist web/dist");
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
