/**
 * The basemaps a worker can choose. Pure data: tile URL templates ({z}/{x}/{y},
 * Web-Mercator 256 px tiles), attribution, and the datum the tiles are drawn in:
 * AMap/Gaode tiles are GCJ-02, so our WGS84 households are shifted to match.
 */
import type { BasemapId } from '../../state/url-state.ts'

export type Datum = 'wgs84' | 'gcj02'

export interface Basemap {
  id: BasemapId
  /** i18n key of the name shown in settings. */
  labelKey: 'basemap.offline' | 'basemap.sketch' | 'basemap.osm' | 'basemap.tiandituVec' | 'basemap.tiandituImg' | 'basemap.amap'
  datum: Datum
  needsKey: boolean
  /** Raster tile layers, bottom first; empty for the offline basemap and the sketch. */
  tiles: (key: string) => string[][]
  attribution: string
}

const tdt = (layer: string, key: string) =>
  [0, 1, 2, 3, 4, 5, 6, 7].map(
    (s) =>
      `https://t${s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  )

export const BASEMAPS: Record<BasemapId, Basemap> = {
  offline: { id: 'offline', labelKey: 'basemap.offline', datum: 'wgs84', needsKey: false, tiles: () => [], attribution: '' },
  // The village's own base sketch (a drawn map with purpose `base`), stored in WGS84: offline like the one above.
  sketch: { id: 'sketch', labelKey: 'basemap.sketch', datum: 'wgs84', needsKey: false, tiles: () => [], attribution: '' },
  osm: {
    id: 'osm',
    labelKey: 'basemap.osm',
    datum: 'wgs84',
    needsKey: false,
    tiles: () => [['https://tile.openstreetmap.org/{z}/{x}/{y}.png']],
    attribution: '© OpenStreetMap contributors',
  },
  'tianditu-vec': {
    id: 'tianditu-vec',
    labelKey: 'basemap.tiandituVec',
    datum: 'wgs84',
    needsKey: true,
    tiles: (key) => [tdt('vec', key), tdt('cva', key)],
    attribution: '© 天地图 Tianditu (国家地理信息公共服务平台)',
  },
  'tianditu-img': {
    id: 'tianditu-img',
    labelKey: 'basemap.tiandituImg',
    datum: 'wgs84',
    needsKey: true,
    tiles: (key) => [tdt('img', key), tdt('cia', key)],
    attribution: '© 天地图 Tianditu (国家地理信息公共服务平台)',
  },
  amap: {
    id: 'amap',
    labelKey: 'basemap.amap',
    datum: 'gcj02',
    needsKey: false,
    tiles: () => [[1, 2, 3, 4].map((s) => `https://webrd0${s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}`)],
    attribution: '© 高德地图 AMap',
  },
}
