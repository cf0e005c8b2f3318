import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { gqlDocuments } from "./build/gql-documents.ts";

// The dev server proxies every server path to a running gateway (`npm start`), so the app talks
// to the same origin in development as when the gateway serves the build.
const gateway = process.env.WEB_GATEWAY_URL ?? "http://localhost:6003";
const proxied = ["/auth", "/api", "/users", "/system", "/health", "/unsubscribe", "/.well-known"];

export default defineConfig({
  plugins: [gqlDocuments(), react()],
  server: {
    port: 5173,
    proxy: {
      "/graphql": { target: gateway, ws: true, changeOrigin: false },
      ...Object.fromEntries(proxied.map((p) => [p, { target: gateway, changeOrigin: false }])),
    },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    // scripts/web-bundle-size.mjs reads it to find what the first screen loads.
    manifest: true,
    chunkSizeWarningLimit: 800,
  },
});
