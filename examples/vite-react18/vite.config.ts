import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { apiServer } from "./server/api.js";

export default defineConfig({
  plugins: [react(), apiServer()],
});
