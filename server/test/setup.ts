/**
 * Runs before each API test file (vitest `setupFiles`). Opening a worker's
 * database (PGlite from the template dump: WebAssembly compile, PostGIS load)
 * and the first app build (schema compilers) took 26-30 s on a loaded 2-core
 * machine; inside the first test they used up its whole 30 s limit. Done here,
 * in a hook with its own generous limit, once per worker (the database is
 * shared by every file the worker runs), every test starts warm.
 */
import { beforeAll } from 'vitest'
import { warmUp } from './helpers.ts'

beforeAll(() => warmUp(), 240_000)
