// Finding a compose command and a container engine for `npm run test:compose`: Docker Compose v2
// (`docker compose`) or docker-compose 1.29, against a Docker or podman API socket; podman's own
// service is started when podman is installed but no socket answers. Nothing found: a reason to skip.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const works = (cmd, args) => {
  try {
    execFileSync(cmd, args, { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
};
const which = (cmd) => works("sh", ["-c", `command -v ${cmd}`]);

/** GET a path on a Docker-compatible API socket; undefined when nothing answers. */
function api(socketPath, urlPath) {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: urlPath, timeout: 3000 }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve(res.statusCode === 200 ? body : undefined));
    });
    req.on("error", () => resolve(undefined));
    req.on("timeout", () => req.destroy());
  });
}

async function engineAt(socketPath) {
  if (!existsSync(socketPath) || !(await api(socketPath, "/_ping"))) return undefined;
  const version = (await api(socketPath, "/version")) ?? "";
  return { socketPath, podman: /podman/i.test(version) };
}

/**
 * { compose: [cmd, ...args], env, podman, stop() } or { skip: reason }. `workDir` holds the podman
 * socket when this starts podman's service; `root` is the repository (its offline recipe's
 * containers.conf is used for podman when CONTAINERS_CONF is unset and runc is installed).
 */
export async function findEngine({ root, workDir, say }) {
  const compose = works("docker", ["compose", "version"])
    ? ["docker", "compose"]
    : works("docker-compose", ["version"])
      ? ["docker-compose"]
      : undefined;
  if (!compose) return { skip: "no compose command (neither `docker compose` nor `docker-compose` runs)" };

  const candidates = [
    process.env.DOCKER_HOST?.startsWith("unix://") ? process.env.DOCKER_HOST.slice(7) : undefined,
    "/var/run/docker.sock",
    process.env.XDG_RUNTIME_DIR ? path.join(process.env.XDG_RUNTIME_DIR, "podman/podman.sock") : undefined,
    "/run/podman/podman.sock",
  ].filter(Boolean);
  let engine;
  for (const socketPath of candidates) if ((engine ??= await engineAt(socketPath))) break;

  let service;
  const containersConf =
    process.env.CONTAINERS_CONF ??
    (which("runc") ? path.join(root, "deploy/compose-offline/containers.conf") : undefined);
  if (!engine && which("podman")) {
    const socketPath = path.join(workDir, "podman.sock");
    say(`starting podman's Docker-compatible API on ${socketPath}`);
    service = spawn("podman", ["system", "service", "--time=0", `unix://${socketPath}`], {
      stdio: "ignore",
      env: { ...process.env, ...(containersConf ? { CONTAINERS_CONF: containersConf } : {}) },
    });
    for (let i = 0; i < 60 && !engine; i++) {
      await sleep(500);
      engine = await engineAt(socketPath);
    }
    if (!engine) service.kill();
  }
  if (!engine) return { skip: "no container engine (no Docker or podman socket answers, and podman is not installed)" };

  const v1 = compose[0] === "docker-compose";
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DOCKER_HOST: `unix://${engine.socketPath}`,
    ...(engine.podman && containersConf ? { CONTAINERS_CONF: containersConf } : {}),
    // docker-compose 1.29 builds through the engine's API (podman's buildah knows RUN --mount)
    // rather than a docker CLI that would want BuildKit.
    ...(v1 ? { COMPOSE_DOCKER_CLI_BUILD: "0", DOCKER_BUILDKIT: "0" } : {}),
  };
  return {
    compose,
    env,
    podman: engine.podman,
    socketPath: engine.socketPath,
    stop: () => service?.kill(),
  };
}

/**
 * Podman schedules health checks with systemd timers; without systemd nothing runs them and
 * `depends_on: condition: service_healthy` never resolves. This runs each container's own check
 * every few seconds instead (a harmless extra run where systemd does it too). Returns stop().
 */
export function runPodmanHealthChecks({ project, env }) {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      let names = [];
      try {
        names = execFileSync(
          "podman",
          ["ps", "--filter", `label=com.docker.compose.project=${project}`, "--format", "{{.Names}}"],
          { env: { ...process.env, ...env }, encoding: "utf8" },
        )
          .split("\n")
          .filter(Boolean);
      } catch {
        /* the engine is between states; try again */
      }
      await Promise.all(
        names.map(
          (name) =>
            new Promise((resolve) =>
              spawn("podman", ["healthcheck", "run", name], { stdio: "ignore", env: { ...process.env, ...env } })
                .on("exit", resolve)
                .on("error", resolve),
            ),
        ),
      );
      await sleep(3000);
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}
