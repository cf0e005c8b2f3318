// Reading docker-compose.yml and .env.example: kept as functions so compose.test.ts can prove they catch mistakes.

/** Service name in docker-compose.yml → its workspace folder. */
export const APP_SERVICES: Record<string, string> = {
  auth: "subgraphs/auth",
  email: "subgraphs/email",
  home: "subgraphs/home",
  gateway: "gateway",
};

/** Every service whose image runs Homegraph code, with the folder of its config.ts: the app services and the simulator. */
export const CONFIGURED_SERVICES: Record<string, string> = { ...APP_SERVICES, "hub-sim": "hub-simulator" };

export interface ComposeService {
  image?: string;
  build?:
    | { context?: string; dockerfile?: string; target?: string; args?: Record<string, string | number> | string[] }
    | string;
  environment?: Record<string, unknown> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  networks?: string[] | Record<string, unknown>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number | { target?: number; published?: number | string })[];
  volumes?: string[];
  tmpfs?: string[] | string;
  entrypoint?: string[] | string;
  command?: string[] | string;
}
export interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/**
 * `VAR (services.x)` for each variable a service's config reads (`readBy`: service name → its
 * schema's keys) that its container is not given: set there, it would only ever take its default.
 */
export function unpassedVariables(compose: ComposeFile, readBy: Record<string, string[]>): string[] {
  return Object.entries(readBy).flatMap(([name, keys]) => {
    const given = new Set(environmentKeys(compose.services?.[name] ?? {}));
    return keys.filter((key) => !given.has(key)).map((key) => `${key} (services.${name})`);
  });
}

/**
 * `VAR (services.x)` for each variable set on a container that its config does not read (a typo,
 * or one meant for another service), and `VAR: value (services.x)` for each value that interpolates
 * another variable than its own name (`TRUST_PROXY: ${PUBLIC_URL}`); `composed` lists the keys
 * whose value is built from others (DATABASE_URL from POSTGRES_PASSWORD).
 */
export function misdirectedVariables(
  compose: ComposeFile,
  readBy: Record<string, string[]>,
  composed: string[],
): string[] {
  return Object.entries(readBy).flatMap(([name, keys]) => {
    const service = compose.services?.[name] ?? {};
    const read = new Set(keys);
    return environmentKeys(service).flatMap((key) => {
      if (!read.has(key)) return [`${key} (services.${name})`];
      const names = interpolatedNames(environmentValue(service, key) ?? "");
      if (names.length === 0 || composed.includes(key) || (names.length === 1 && names[0] === key)) return [];
      return [`${key}: ${environmentValue(service, key)} (services.${name})`];
    });
  });
}

/** Variables compose interpolates in one value: ${NAME}, ${NAME:-x}, ${NAME:?x}, $NAME; `$$` is a literal `$`. */
export function interpolatedNames(value: string): string[] {
  const names: string[] = [];
  for (const m of value.matchAll(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = m[1] ?? m[2];
    if (name) names.push(name);
  }
  return names;
}

/** Every string value in a parsed YAML tree with its path; compose interpolates values, not keys. */
export function stringValues(node: unknown, at = ""): { at: string; value: string }[] {
  if (typeof node === "string") return [{ at, value: node }];
  if (Array.isArray(node)) return node.flatMap((item, i) => stringValues(item, `${at}[${i}]`));
  if (node && typeof node === "object") {
    return Object.entries(node).flatMap(([key, item]) => stringValues(item, at ? `${at}.${key}` : key));
  }
  return [];
}

/** Names of `NAME=value` and commented `# NAME=value` lines. */
export function envFileNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => /^\s*(?:#\s*)?([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** `VAR (where)` for each variable the compose file interpolates that `documented` lacks. */
export function undocumentedInterpolations(compose: unknown, documented: Set<string>): string[] {
  return stringValues(compose).flatMap(({ at, value }) =>
    interpolatedNames(value)
      .filter((name) => !documented.has(name))
      .map((name) => `${name} (${at})`),
  );
}

export function environmentKeys(service: ComposeService): string[] {
  const env = service.environment ?? {};
  return Array.isArray(env) ? env.map((entry) => entry.split("=")[0]) : Object.keys(env);
}

export function environmentValue(service: ComposeService, key: string): string | undefined {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    const entry = env.find((e) => e.split("=")[0] === key);
    return entry?.slice(key.length + 1);
  }
  return env[key] === undefined || env[key] === null ? undefined : String(env[key]);
}

/** `VAR (services.x.environment)` for each variable set on an app service that `documented` lacks. */
export function undocumentedServiceVariables(compose: ComposeFile, documented: Set<string>): string[] {
  return Object.keys(APP_SERVICES).flatMap((name) =>
    environmentKeys(compose.services?.[name] ?? {})
      .filter((key) => !documented.has(key))
      .map((key) => `${key} (services.${name}.environment)`),
  );
}

/** The keys of a zod object schema, looking through a transform or pipe around it. */
export function schemaKeys(schema: unknown): string[] | undefined {
  let current = schema as Record<string, unknown> | undefined;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current.shape && typeof current.shape === "object") return Object.keys(current.shape);
    const def = (current.def ?? current._def) as Record<string, unknown> | undefined;
    current = (current.in ?? def?.in ?? def?.schema ?? def?.innerType) as Record<string, unknown> | undefined;
  }
  return undefined;
}

export function networksOf(service: ComposeService): string[] {
  const networks = service.networks ?? [];
  return Array.isArray(networks) ? networks : Object.keys(networks);
}

export function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition]));
}

/** How compose builds a service's image; without a target, docker builds the Dockerfile's last stage. */
export function buildOf(service: ComposeService): {
  context: string;
  dockerfile: string;
  target: string | undefined;
  args: Record<string, string>;
} {
  const build = typeof service.build === "string" ? { context: service.build } : (service.build ?? {});
  const args = Array.isArray(build.args)
    ? Object.fromEntries(build.args.map((entry) => [entry.split("=")[0], entry.slice(entry.indexOf("=") + 1)]))
    : Object.fromEntries(Object.entries(build.args ?? {}).map(([key, value]) => [key, String(value)]));
  return { context: build.context ?? ".", dockerfile: build.dockerfile ?? "Dockerfile", target: build.target, args };
}
