import { defineConfig } from "vite";

// Served by the gateway at /console/ (gateway.routes.console); `npx vite` proxies the API to
// a running `make up` so the app can be developed with hot reload on the same origin.
const gateway = process.env.CS_GATEWAY_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  base: "/console/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", sourcemap: false, target: "es2022", chunkSizeWarningLimit: 200 },
  server: {
    proxy: {
      "/v1": gateway,
      "/console/config.json": gateway,
      "/console/dev-login": gateway,
    },
  },
});
