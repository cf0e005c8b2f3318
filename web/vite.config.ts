import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { gqlDocuments } from "./build/gql-documents.ts";

// The dev server proxies every server path to a running gateway (`npm start`), so the app talks
// to the same origin in development as when the gateway serves the build.
const gateway = process.env.WEB_GATEWAY_URL ?? "http://localhost:6003";
const proxied = ["/auth", "/api", "/users", "/system", "/health", "/unsubscribe", "/.well-known"];

/** Mantine's teal[6], the theme's primary colour (src/theme.ts): the browser's title bar. */
const THEME_COLOR = "#12b886";

export default defineConfig({
  plugins: [
    gqlDocuments(),
    react(),
    // Installable app: the manifest, and src/sw/sw.ts built with the app's files to precache.
    // Registered by src/pwa/register.ts (production only); the dev server has no service worker.
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src/sw",
      filename: "sw.ts",
      injectRegister: false,
      devOptions: { enabled: false },
      includeAssets: ["icons/apple-touch-icon.png", "icons/icon.svg"],
      manifest: {
        id: "/",
        name: "Homegraph",
        short_name: "Homegraph",
        description: "Your household's devices, alarm, automations and notifications.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        theme_color: THEME_COLOR,
        background_color: "#ffffff",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      injectManifest: {
        // Every screen's chunk, so any screen opens offline once the app has been opened once.
        globPatterns: ["**/*.{js,css,html,png,svg,webmanifest}"],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
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
