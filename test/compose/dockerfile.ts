// Reading a Dockerfile as docker builds it, without a Docker engine: kept as functions so
// compose.test.ts can prove they read it right.

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
const ARG = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?\s*$/;
const FROM = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?\s*$/i;

/** `ARG NAME` and `ARG NAME=default` lines: each name with its default, if any. */
export function declaredArgs(dockerfile: string): Map<string, string | undefined> {
  return new Map([...dockerfile.matchAll(new RegExp(ARG.source, "gm"))].map((m) => [m[1]!, m[2]]));
}

/** `KEY=value` pairs of the ENV lines. */
export function envOf(dockerfile: string): Record<string, string> {
  return Object.fromEntries(
    [...dockerfile.matchAll(/^ENV\s+(.+)$/gm)].flatMap((m) =>
      m[1]!.split(/\s+/).map((pair) => [pair.split("=")[0], pair.slice(pair.indexOf("=") + 1)]),
    ),
  );
}

interface Stage {
  /** `AS name`, or the stage's index as docker also accepts it in `FROM` and `COPY --from`. */
  name: string;
  /** What FROM names: an image, or an earlier stage. */
  from: string;
  lines: string[];
}

/** The lines before the first FROM (global ARGs), and each stage from its FROM line on. */
function stagesOf(dockerfile: string): { preamble: string[]; stages: Stage[] } {
  const preamble: string[] = [];
  const stages: Stage[] = [];
  for (const line of dockerfile.split("\n")) {
    const from = FROM.exec(line);
    if (from) stages.push({ name: from[2] ?? String(stages.length), from: from[1]!, lines: [line] });
    else (stages.at(-1)?.lines ?? preamble).push(line);
  }
  return { preamble, stages };
}

const joined = (stages: Stage[]) => stages.map((stage) => stage.lines.join("\n")).join("\n");

/** `stage`, then the stage it starts FROM, and so on back to a registry image. */
function ancestry(stages: Stage[], stage: Stage | undefined): Stage[] {
  const chain: Stage[] = [];
  for (let at = stage; at && !chain.includes(at); at = stages.find((s) => s.name === at?.from)) chain.push(at);
  return chain;
}

function replaceVariables(line: string, value: (name: string) => string | undefined): string {
  return line.replace(VARIABLE, (whole, a?: string, b?: string) => value((a ?? b)!) ?? whole);
}

/**
 * A Dockerfile as docker builds it with `args`. An ARG counts from its line to the end of its
 * stage; one declared before the first FROM counts in FROM lines only, and lends its default to
 * the same name declared again without one in a stage. ARGs are replaced in every instruction but
 * CMD, whose exec form docker leaves alone; a shell in CMD expands the variables the image's ENV
 * sets (its own stage's and those it starts FROM), so those are replaced there. What is left as
 * `$NAME` was not given.
 */
export function renderDockerfile(dockerfile: string, args: Record<string, string>): string {
  const { preamble, stages } = stagesOf(dockerfile);
  const globals = declaredArgs(preamble.join("\n"));
  const argValue = (name: string) => args[name] ?? globals.get(name);
  const rendered = stages.map((stage): Stage => {
    const inScope = new Map<string, string | undefined>();
    const lines = stage.lines.map((line, i) => {
      if (i === 0) return replaceVariables(line, (name) => (globals.has(name) ? argValue(name) : undefined));
      const arg = ARG.exec(line);
      if (arg) inScope.set(arg[1]!, args[arg[1]!] ?? arg[2] ?? globals.get(arg[1]!));
      return line.startsWith("CMD ") ? line : replaceVariables(line, (name) => inScope.get(name));
    });
    return { name: stage.name, from: FROM.exec(lines[0]!)?.[1] ?? stage.from, lines };
  });
  const withCmd = rendered.map((stage): Stage => {
    const env = envOf(joined(ancestry(rendered, stage).reverse()));
    const lines = stage.lines.map((line) =>
      line.startsWith("CMD ") ? replaceVariables(line, (name) => env[name]) : line,
    );
    return { ...stage, lines };
  });
  return [...preamble, ...(stages.length > 0 ? [joined(withCmd)] : [])].join("\n");
}

function targetStage(stages: Stage[], target: string | undefined): Stage | undefined {
  return target === undefined ? stages.at(-1) : stages.find((stage) => stage.name === target);
}

/**
 * The image `target` (by default the last stage, as docker builds it) makes: its own stage and
 * those it starts FROM, first to last. ENV, USER, EXPOSE and CMD carry over from those, and from
 * nothing else.
 */
export function imageOf(dockerfile: string, target?: string): string {
  const { stages } = stagesOf(dockerfile);
  return joined(ancestry(stages, targetStage(stages, target)).reverse());
}

/**
 * Every stage docker builds for `target`, in file order: the image's own, and the stages it
 * copies from (`COPY --from=stage`) with theirs, and so on. A stage nothing needs is skipped.
 */
export function stagesBuilt(dockerfile: string, target?: string): string {
  const { stages } = stagesOf(dockerfile);
  const needed = new Set<Stage>();
  const visit = (stage: Stage | undefined) => {
    for (const at of ancestry(stages, stage).filter((s) => !needed.has(s))) {
      needed.add(at);
      for (const m of at.lines.join("\n").matchAll(/^COPY\s+(?:.*\s)?--from=(\S+)/gm)) {
        visit(stages.find((s) => s.name === m[1]));
      }
    }
  };
  visit(targetStage(stages, target));
  return joined(stages.filter((stage) => needed.has(stage)));
}

/** The image a stage starts from, following `FROM stage AS ...` back to a registry image. */
export function stageBase(dockerfile: string, stage: string): string | undefined {
  const froms = new Map([...dockerfile.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)\s*$/gim)].map((m) => [m[2]!, m[1]!]));
  let image = froms.get(stage);
  for (let depth = 0; image && froms.has(image) && depth < 10; depth++) image = froms.get(image);
  return image;
}

/**
 * The command the last CMD runs (docker keeps the last): the exec form's argv, or the command a
 * `sh -c "exec ..."` hands over to.
 */
export function commandOf(dockerfile: string): string | undefined {
  const cmd = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].at(-1)?.[1];
  if (!cmd) return undefined;
  const argv = JSON.parse(cmd) as string[];
  if (argv[0] === "sh" && argv[1] === "-c" && argv.length === 3) return /^exec (.+)$/.exec(argv[2]!)?.[1];
  return argv.join(" ");
}
