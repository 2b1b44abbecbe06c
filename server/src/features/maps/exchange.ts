/**
 * A drawn map's features as GeoJSON (RFC 7946, WGS84) or KML 2.2, for GIS
 * clients and Google Earth / 奥维. Pure: features in, bytes out. Contacts are
 * written only when the caller says so (the route decides by role).
 */
import type { DrawnFeature, FeatureKind } from '../../contract/index.ts'

export interface ExchangeOptions {
  mapName: string
  villageCode: string
  kinds: ReadonlyMap<string, Pick<FeatureKind, 'labelZh' | 'colour'>>
  contacts: boolean
}

const props = (f: DrawnFeature, o: ExchangeOptions) => ({
  id: f.id,
  kind: f.kind,
  kind_label: o.kinds.get(f.kind)?.labelZh ?? f.kind,
  name: f.name,
  description: f.description,
  ...(o.contacts && { contact_name: f.contactName ?? '', contact_phone: f.contactPhone ?? '' }),
  version: f.version,
  updated_at: f.updatedAt,
})

export function featuresGeoJson(features: readonly DrawnFeature[], o: ExchangeOptions): Buffer {
  const body = {
    type: 'FeatureCollection',
    name: o.mapName,
    ...(o.contacts && { note: '保密资料，请勿外传' }),
    features: features.map((f) => ({ type: 'Feature', id: f.id, properties: props(f, o), geometry: f.geometry })),
  }
  return Buffer.from(JSON.stringify(body), 'utf8')
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const pos = (p: number[]) => `${p[0]},${p[1]}`

function kmlGeometry(g: DrawnFeature['geometry']): string {
  if (g.type === 'Point') return `<Point><coordinates>${pos(g.coordinates)}</coordinates></Point>`
  if (g.type === 'LineString') return `<LineString><coordinates>${g.coordinates.map(pos).join(' ')}</coordinates></LineString>`
  const [outer, ...holes] = g.coordinates
  return `<Polygon><outerBoundaryIs><LinearRing><coordinates>${outer!.map(pos).join(' ')}</coordinates></LinearRing></outerBoundaryIs>${holes
    .map((h) => `<innerBoundaryIs><LinearRing><coordinates>${h.map(pos).join(' ')}</coordinates></LinearRing></innerBoundaryIs>`)
    .join('')}</Polygon>`
}

/** KML colours are aabbggrr. */
const kmlColour = (hex: string, alpha: string) => `${alpha}${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}`

export function featuresKml(features: readonly DrawnFeature[], o: ExchangeOptions): Buffer {
  const used = [...new Set(features.map((f) => f.kind))]
  const styles = used
    .map((k) => {
      const c = o.kinds.get(k)?.colour ?? '#607d8b'
      return `  <Style id="${xml(k)}"><LineStyle><color>${kmlColour(c, 'ff')}</color><width>3</width></LineStyle><PolyStyle><color>${kmlColour(c, '66')}</color></PolyStyle><IconStyle><color>${kmlColour(c, 'ff')}</color></IconStyle></Style>`
    })
    .join('\n')
  const marks = features.map((f) => {
    const data = Object.entries(props(f, o)).map(([k, v]) => `<Data name="${xml(k)}"><value>${xml(String(v))}</value></Data>`)
    return `  <Placemark id="${xml(f.id)}">
    <name>${xml(f.name || (o.kinds.get(f.kind)?.labelZh ?? f.kind))}</name>
    <description>${xml(f.description)}</description>
    <styleUrl>#${xml(f.kind)}</styleUrl>
    <ExtendedData>${data.join('')}</ExtendedData>
    ${kmlGeometry(f.geometry)}
  </Placemark>`
  })
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
  <name>${xml(`${o.mapName}（${o.villageCode}）${o.contacts ? ' 保密资料，请勿外传' : ''}`)}</name>
${styles}
${marks.join('\n')}
</Document>
</kml>
`,
    'utf8',
  )
}
