import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp, type RunningGateway } from "./app";
import { configFromEnv } from "./config";

const SUPERGRAPH = path.resolve(__dirname, "../../schema/supergraph.graphql");

async function gql(url: string, query: string) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

function start(env: Record<string, string>): Promise<RunningGateway> {
  return createApp(configFromEnv({ LOG_LEVEL: "silent", PORT: "0", HEALTH_TIMEOUT_MS: "500", ...env }));
}

describe("gateway schema serving", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "homegraph-supergraph-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("in development, serves a new version of the supergraph file without a restart", async () => {
    const file = path.join(dir, "supergraph.graphql");
    copyFileSync(SUPERGRAPH, file);
    const gateway = await start({ NODE_ENV: "development", SUPERGRAPH_PATH: file, SUPERGRAPH_WATCH: "true" });
    try {
      const describe = `{ __type(name: "Device") { description } }`;
      expect((await gql(gateway.url, describe)).data.__type.description).toBe(
        "A device on the household's Hubitat hub.",
      );

      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(
          '"""A device on the household\'s Hubitat hub."""',
          '"""A device, reloaded."""',
        ),
      );
      let description = "";
      for (let i = 0; i < 50 && description !== "A device, reloaded."; i++) {
        await new Promise((r) => setTimeout(r, 200));
        description = (await gql(gateway.url, describe)).data.__type.description;
      }
      expect(description).toBe("A device, reloaded.");

      // A broken file keeps the last good schema serving.
      writeFileSync(file, "this is not a supergraph");
      await new Promise((r) => setTimeout(r, 2500));
      expect((await gql(gateway.url, describe)).data.__type.description).toBe("A device, reloaded.");
    } finally {
      await gateway.close();
    }
  });

  it("in development, shows Apollo Sandbox to a browser and allows introspection", async () => {
    const gateway = await start({ NODE_ENV: "development", SUPERGRAPH_PATH: SUPERGRAPH, SUPERGRAPH_WATCH: "false" });
    try {
      const page = await fetch(`${gateway.url}/graphql`, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/sandbox/i);
      const types = await gql(gateway.url, "{ __schema { queryType { name } } }");
      expect(types.data.__schema.queryType.name).toBe("Query");
    } finally {
      await gateway.close();
    }
  });

  it("in production, refuses introspection and shows no landing page", async () => {
    const gateway = await start({ NODE_ENV: "production", SUPERGRAPH_PATH: SUPERGRAPH });
    try {
      const types = await gql(gateway.url, "{ __schema { queryType { name } } }");
      expect(types.data).toBeUndefined();
      expect(types.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(types.errors?.[0]?.message).toMatch(/introspection/i);
      const page = await fetch(`${gateway.url}/graphql`, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toMatch(/sandbox/i);
    } finally {
      await gateway.close();
    }
  });
});
