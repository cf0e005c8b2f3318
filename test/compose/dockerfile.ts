// Reading a Dockerfile as docker builds it, without a Docker engine: kept as functions so
// compose.test.ts can prove they read it right.

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** `ARG NAME` and `ARG NAME=default` lines: each name with its default, if any. */
export function declaredArgs(dockerfile: string): Map<string, string | undefined> {
  return new Map(
    [...dockerfile.matchAll(/^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?\s*$/gm)].map((m) => [m[1]!, m[2]]),
  );
}

/** `KEY=value` pairs of the ENV lines. */
export function envOf(dockerfile: string): Record<string, string> {
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
export function renderDockerfile(dockerfile: string, args: Record<string, string>): string {
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
export function stageBase(dockerfile: string, stage: string): string | undefined {
  const froms = new Map([...dockerfile.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)\s*$/gim)].map((m) => [m[2]!, m[1]!]));
  let image = froms.get(stage);
  for (let depth = 0; image && froms.has(image) && depth < 10; depth++) image = froms.get(image);
  return image;
}

/** The command a CMD runs: the exec form's argv, or the command a `sh -c "exec ..."` hands over to. */
export function commandOf(dockerfile: string): string | undefined {
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
  if (!cmd) return undefined;
  const argv = JSON.parse(cmd) as string[];
  if (argv[0] === "sh" && argv[1] === "-c" && argv.length === 3) return /^exec (.+)$/.exec(argv[2]!)?.[1];
  return argv.join(" ");
}
