import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'

/** Remote basemap tile hosts the client may load (the default basemap needs none). */
export const TILE_HOSTS = ['https://tile.openstreetmap.org', 'https://*.tianditu.gov.cn', 'https://*.is.autonavi.com']

/**
 * A strict Content-Security-Policy and the usual headers. Styles allow inline
 * because MapLibre and React set element styles; scripts do not. MapLibre runs
 * its workers from blob: URLs. Plain HTTP on loopback must keep working, so
 * insecure requests are not upgraded. 'wasm-unsafe-eval' lets the print code
 * compile the bundled HarfBuzz subsetter (WebAssembly only, never JS eval).
 */
export default fp(async function security(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...TILE_HOSTS],
        connectSrc: ["'self'", ...TILE_HOSTS],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ['blob:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // Agrees with frame-ancestors 'none' for browsers that only know the older header.
    frameguard: { action: 'deny' },
    // Sent only over HTTPS, by plugins/response-headers.ts.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
  })
  // Per-route limits only (login); everything else is behind a session.
  await app.register(rateLimit, { global: false })
})
