export default async function globalTeardown(): Promise<void> {
  await globalThis.__HOMEGRAPH_EMBEDDED_PG__?.stop();
}
