// Vite builds the UI into ui/dist, which the desktop app embeds; Vitest runs the component
// tests in jsdom.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  // The desktop shell loads the dev server at this fixed port (tauri.conf.json build.devUrl).
  server: { port: 5173, strictPort: true },
  clearScreen: false,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    // Screens show times on the local clock: the tests read them on UTC's, wherever they run.
    env: { TZ: 'UTC' },
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
