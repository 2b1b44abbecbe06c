import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The dev server proxies the API so the client always talks to one origin, as it does when Fastify serves web/dist.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:8090' } },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 3000 },
})
