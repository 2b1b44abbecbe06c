import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { filterTar, isUsedEntry } from './postgis-bundle.ts'

describe('the slim PostGIS bundle', () => {
  it('drops raster, topology, tiger and upgrade files and keeps what CREATE EXTENSION postgis needs', () => {
    for (const used of ['lib/postgresql/postgis-3.so', 'share/postgresql/extension/postgis.control', 'share/postgresql/extension/postgis--3.6.2.sql', 'share/proj/proj.db']) {
      expect(isUsedEntry(used), used).toBe(true)
    }
    for (const unused of ['lib/postgresql/postgis_raster-3.so', 'lib/postgresql/postgis_topology-3.so', 'share/postgresql/extension/postgis_raster--3.6.2.sql',
      'share/postgresql/extension/postgis_tiger_geocoder.control', 'share/postgresql/extension/postgis--3.1.11--ANY.sql', 'share/postgresql/extension/postgis--unpackaged--3.6.2.sql']) {
      expect(isUsedEntry(unused), unused).toBe(false)
    }
  })

  it('filters a real tar entry by entry, keeping contents, directories and links intact', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cuntu-tar-'))
    try {
      const src = path.join(dir, 'src')
      mkdirSync(path.join(src, 'lib'), { recursive: true })
      writeFileSync(path.join(src, 'lib/keep.so'), 'k'.repeat(1500))
      writeFileSync(path.join(src, 'lib/drop.so'), 'd'.repeat(700))
      symlinkSync('keep.so', path.join(src, 'lib/link.so'))
      execFileSync('tar', ['-cf', path.join(dir, 'in.tar'), '-C', src, 'lib'])
      const out = filterTar(readFileSync(path.join(dir, 'in.tar')), (name) => !name.endsWith('drop.so'))
      writeFileSync(path.join(dir, 'out.tar'), out)
      const listed = execFileSync('tar', ['-tf', path.join(dir, 'out.tar')], { encoding: 'utf8' }).trim().split('\n').sort()
      expect(listed).toEqual(['lib/', 'lib/keep.so', 'lib/link.so'])
      mkdirSync(path.join(dir, 'x'))
      execFileSync('tar', ['-xf', path.join(dir, 'out.tar'), '-C', path.join(dir, 'x')])
      expect(readFileSync(path.join(dir, 'x/lib/keep.so'), 'utf8')).toBe('k'.repeat(1500))
      expect(readFileSync(path.join(dir, 'x/lib/link.so'), 'utf8')).toBe('k'.repeat(1500))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
