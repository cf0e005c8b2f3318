/**
 * docker-compose.yml, the Dockerfile and .env.example, kept honest by reading them (`npm run
 * test:compose` runs them, where a container engine exists): every variable a service's config
 * reads reaches its container, every variable the compose file uses is documented in .env.example,
 * and each image, read as docker builds it with the compose file's build args, carries its own service.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import {
  APP_SERVICES,
  CONFIGURED_SERVICES,
  buildOf,
  dependsOn,
  environmentValue,
  envFileNames,
  misdirectedVariables,
  networksOf,
  schemaKeys,
  undocumentedInterpolations,
  undocumentedServiceVariables,
  unpassedVariables,
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
const composeText = read("docker-compose.yml");
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = compose.services ?? {};
const envExample = read(".env.example");
const documented = new Set(envFileNames(envExample));

/** Each configured service's envSchema keys, from its config.ts (loaded once: auth's takes seconds). */
let schemaKeysByService: Record<string, string[]> | undefined;
function keysReadBy(): Record<string, string[]> {
  schemaKeysByService ??= Object.fromEntries(
    Object.entries(CONFIGURED_SERVICES).map(([name, dir]) => {
      const file = path.join(root, dir, "src/config.ts");
      if (!existsSync(file))
        throw new Error(`${dir}/src/config.ts does not exist; each service keeps its envSchema there`);
      // Not import(): a native dynamic import inside jest's sandbox needs --experimental-vm-modules.
      const keys = schemaKeys(jest.requireActual<{ envSchema?: unknown }>(file).envSchema);
      if (!keys)
        throw new Error(`${dir}/src/config.ts must export envSchema, a zod object (Object.keys(envSchema.shape))`);
      return [name, keys];
    }),
  );
  return schemaKeysByService;
}

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

  it("starts the gateway once every subgraph is healthy, finds them by service name, publishes 6003 (GATEWAY_PUBLISH)", () => {
    const gateway = services.gateway ?? {};
    expect(dependsOn(gateway)).toMatchObject(Object.fromEntries(SUBGRAPHS.map((s) => [s, "service_healthy"])));
    for (const subgraph of SUBGRAPHS) {
      const port = environmentValue(services[subgraph] ?? {}, "PORT");
      expect(environmentValue(gateway, `${subgraph.toUpperCase()}_URL`)).toBe(`http://${subgraph}:${port}`);
    }
    expect(environmentValue(gateway, "PORT")).toBe("6003");
    expect((gateway.ports ?? []).map(String)).toEqual(["${GATEWAY_PUBLISH:-6003}:6003"]);
  });

  it("starts email and home once auth is healthy (they verify tokens with its keys and revocations), and waits only on health", () => {
    expect(dependsOn(services.email ?? {})).toMatchObject({ auth: "service_healthy", mailpit: "service_healthy" });
    expect(dependsOn(services.home ?? {})).toMatchObject({ auth: "service_healthy" });
    const unhealthyWaits = Object.entries(services).flatMap(([name, service]) =>
      Object.entries(dependsOn(service))
        .filter(([, condition]) => condition !== "service_healthy")
        .map(([dep]) => `${name} -> ${dep}`),
    );
    expect(unhealthyWaits).toEqual([]);
  });

  it("has no top-level name: (docker-compose 1.29, Debian 12's, refuses it); .env.example sets COMPOSE_PROJECT_NAME", () => {
    expect(Object.keys(compose)).not.toContain("name");
    expect(envExample).toMatch(/^COMPOSE_PROJECT_NAME=homegraph$/m);
  });

  it("passes every variable each service's config.ts reads to that service's container", () => {
    expect(unpassedVariables(compose, keysReadBy())).toEqual([]);
  });

  it("sets on each container only variables its config reads, each from .env under its own name", () => {
    expect(misdirectedVariables(compose, keysReadBy(), ["DATABASE_URL"])).toEqual([]);
  });

  it("gives the gateway TRUST_PROXY and PUBLIC_URL from .env (the client's address behind the HTTPS proxy)", () => {
    expect(environmentValue(services.gateway ?? {}, "TRUST_PROXY")).toBe("${TRUST_PROXY:-}");
    expect(environmentValue(services.gateway ?? {}, "PUBLIC_URL")).toBe("${PUBLIC_URL:-}");
  });

  it("names every variable it requires (${VAR:?}) and the first admin's in its header and the README's compose section", () => {
    const required = [...new Set([...composeText.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]))];
    expect(required).toEqual(expect.arrayContaining(["POSTGRES_PASSWORD", "AUTH_SECRET", "SERVICE_SECRET"]));
    const header = composeText.slice(0, composeText.search(/^[^#\n]/m));
    const readme = read("README.md");
    const composeSection = readme.slice(
      readme.indexOf("## Docker compose"),
      readme.indexOf("\n## ", readme.indexOf("## Docker compose") + 3),
    );
    for (const text of [header, composeSection]) {
      expect([...required, "ADMIN_EMAIL", "ADMIN_PASSWORD"].filter((name) => !text.includes(name))).toEqual([]);
    }
  });

  it("documents every variable it interpolates in .env.example", () => {
    expect(undocumentedInterpolations(compose, documented)).toEqual([]);
  });

  it("documents every variable it sets on an app service in .env.example", () => {
    expect(undocumentedServiceVariables(compose, documented)).toEqual([]);
  });
});

describe("backups in the containers", () => {
  it("mounts one backups volume at BACKUP_DIR in each subgraph (they write) and the gateway (it reads the status)", () => {
    for (const name of [...SUBGRAPHS, "gateway"]) {
      const service = services[name] ?? {};
      expect({ name, dir: environmentValue(service, "BACKUP_DIR") }).toEqual({ name, dir: "/backups" });
      const mount = name === "gateway" ? "backups:/backups:ro" : "backups:/backups";
      expect({ name, volumes: service.volumes ?? [] }).toEqual({ name, volumes: expect.arrayContaining([mount]) });
    }
    expect(Object.keys(compose.volumes ?? {})).toContain("backups");
  });

  it("leaves the backup before migrations on (the services' default) and the image's folder to the service's user", () => {
    for (const name of SUBGRAPHS) {
      expect(environmentValue(services[name] ?? {}, "BACKUP_BEFORE_MIGRATION")).toBe("${BACKUP_BEFORE_MIGRATION:-}");
    }
    const { dockerfile: file, target, args } = buildOf(services.auth ?? {});
    const image = imageOf(renderDockerfile(read(file), args), target);
    expect(image).toMatch(/^RUN mkdir -p \/backups && chown node:node \/backups/m);
  });
});

describe("Prometheus (profile monitoring)", () => {
  const prometheus = services.prometheus ?? {};
  const config = parse(read("deploy/prometheus/prometheus.yml")) as {
    scrape_configs: { job_name: string; authorization?: { type?: string; credentials_file?: string } }[];
  };

  it("scrapes with METRICS_TOKEN as its bearer, read from a file the container writes from .env at start", () => {
    const file = config.scrape_configs[0]?.authorization?.credentials_file ?? "";
    expect(config.scrape_configs.map((c) => c.authorization)).toEqual([{ type: "Bearer", credentials_file: file }]);
    expect(environmentValue(prometheus, "METRICS_TOKEN")).toBe("${METRICS_TOKEN:-}");
    const script = [prometheus.command ?? []].flat().join(" ");
    expect(prometheus.entrypoint).toEqual(["/bin/sh", "-c"]);
    // Compose turns $$ into $: the shell, not compose, reads the variable, so the value never lands in the file's text.
    expect(script).toContain(`printf '%s' "$$METRICS_TOKEN" > ${file}`);
    expect(script).toMatch(/^umask 077 && /);
    expect(script).toMatch(/&& exec \/bin\/prometheus --config\.file=\/etc\/prometheus\/prometheus\.yml\b/);
    // On a tmpfs, never in an image layer or a volume; the umask leaves it to Prometheus' user.
    // (podman 4.3 refuses uid= on a tmpfs, so the folder is /tmp-like.)
    expect(prometheus.tmpfs).toEqual([`${path.dirname(file)}:mode=1777`]);
    expect(prometheus.volumes).toContain("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
  });

  it("its start command, run by a shell as compose hands it over, writes exactly the token, 0600, then starts Prometheus", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hg-prometheus-"));
    try {
      const file = config.scrape_configs[0]!.authorization!.credentials_file!;
      const script = [prometheus.command ?? []]
        .flat()
        .join(" ")
        .replace(/\$\$/g, "$")
        .replaceAll(path.dirname(file), dir)
        .replace("exec /bin/prometheus", "exec echo prometheus");
      const out = execFileSync("/bin/sh", ["-c", script], { env: { METRICS_TOKEN: "token-of-the-test-1234" } });
      const written = path.join(dir, path.basename(file));
      expect(readFileSync(written, "utf8")).toBe("token-of-the-test-1234");
      expect(statSync(written).mode & 0o777).toBe(0o600);
      expect(out.toString()).toMatch(/^prometheus --config\.file=\/etc\/prometheus\/prometheus\.yml /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
  it.each(Object.keys(CONFIGURED_SERVICES))("every variable %s's config.ts reads is in .env.example", (name) => {
    expect(keysReadBy()[name].filter((key) => !documented.has(key))).toEqual([]);
  });
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
      expect(stageBase(dockerfile, "build")).toBe("node:22-trixie-slim");
      expect(stageBase(dockerfile, target ?? "")).toBe("node:22-trixie-slim");
      // pg_dump for the backup before migrations, of a major version at least the compose file's PostgreSQL's.
      const client = /apt-get install -y --no-install-recommends postgresql-client-(\d+)/.exec(image)?.[1];
      const server = /^postgres:(\d+)/.exec(services.postgres?.image ?? "")?.[1];
      expect(Number(client)).toBeGreaterThanOrEqual(Number(server));
      expect(image).toContain(`ln -s /usr/lib/postgresql/${client}/bin/pg_dump`);
      // The lockfile's TypeScript: `npx tsc` fetches an unrelated package named tsc when the local one is missing.
      expect(build).toContain(`RUN node_modules/.bin/tsc -b ${dir}`);
      expect(stagesBuilt(dockerfile, target).match(/^RUN .*\bnpx\b.*$/gm) ?? []).toEqual([]);
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
