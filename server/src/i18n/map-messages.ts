/** Error messages of drawn maps, layers and features (spread into MESSAGES). */
type Params = Record<string, string | number>
type Message = { 'zh-CN': (p: Params) => string; en: (p: Params) => string }

export const MAP_MESSAGES = {
  map_not_found: { 'zh-CN': () => '找不到该地图，可能已被删除。', en: () => 'No such map; it may have been deleted.' },
  layer_not_found: { 'zh-CN': () => '找不到该图层，可能已被删除。', en: () => 'No such layer; it may have been deleted.' },
  feature_not_found: { 'zh-CN': () => '找不到该要素。', en: () => 'No such feature.' },
  photo_not_found: { 'zh-CN': () => '找不到该照片，可能已被删除。', en: () => 'No such photo; it may have been deleted.' },
  photo_missing: { 'zh-CN': () => '请选择一张照片（字段 photo）。', en: () => 'Choose a photo to upload (field "photo").' },
  photo_too_large: { 'zh-CN': (p) => `照片太大（上限 ${p.limit}）。请换一张或先压缩。`, en: (p) => `The photo is too large (limit ${p.limit}). Choose another or make it smaller first.` },
  photo_too_many_pixels: {
    'zh-CN': (p) => `照片像素过多（上限 ${p.limit} 百万像素），无法处理。`,
    en: (p) => `The photo has too many pixels (limit ${p.limit} megapixels) to be processed.`,
  },
  photo_type: { 'zh-CN': () => '只能上传 JPEG、PNG 或 WebP 照片（按文件内容判断，不看扩展名）。', en: () => 'Only JPEG, PNG or WebP photos can be uploaded (told from the file’s content, not its name).' },
  photo_unreadable: { 'zh-CN': () => '照片已损坏或不完整，无法读取。', en: () => 'The photo is damaged or incomplete and cannot be read.' },
  photo_limit: { 'zh-CN': (p) => `每个要素最多 ${p.limit} 张照片。请先删除一张。`, en: (p) => `A feature can have at most ${p.limit} photos. Delete one first.` },
  change_not_found: { 'zh-CN': () => '找不到这条修改记录。', en: () => 'No such change in this feature’s history.' },
  layer_locked: {
    'zh-CN': (p) => `图层“${p.layer}”已锁定，不能修改。请先解锁。`,
    en: (p) => `Layer "${p.layer}" is locked and cannot be edited. Unlock it first.`,
  },
  unknown_feature_kind: { 'zh-CN': (p) => `未知的要素类型：${p.kind}。`, en: (p) => `Unknown feature kind: ${p.kind}.` },
  feature_kind_exists: { 'zh-CN': (p) => `要素类型 ${p.kind} 已存在。`, en: (p) => `Feature kind ${p.kind} already exists.` },
  geometry_not_allowed: {
    'zh-CN': (p) => `“${p.kind}”不能画成${p.geometry === 'point' ? '点' : p.geometry === 'line' ? '线' : '面'}，可用：${p.allowed}。`,
    en: (p) => `"${p.kind}" cannot be drawn as a ${p.geometry}; allowed: ${p.allowed}.`,
  },
  geometry_type_unsupported: {
    'zh-CN': (p) => `不支持的几何类型 ${p.type}：只能是点、线或面。`,
    en: (p) => `Unsupported geometry type ${p.type}: only Point, LineString or Polygon.`,
  },
  geometry_out_of_range: {
    'zh-CN': (p) => `坐标超出范围（第 ${p.index} 个点：${p.lng}, ${p.lat}）：经度应在 -180 到 180，纬度在 -90 到 90。`,
    en: (p) => `Coordinate out of range (point ${p.index}: ${p.lng}, ${p.lat}): longitude must be -180..180, latitude -90..90.`,
  },
  geometry_not_finite: { 'zh-CN': () => '坐标必须是数字。', en: () => 'Coordinates must be numbers.' },
  geometry_too_few_points: {
    'zh-CN': (p) => `${p.what === 'line' ? '线至少需要 2 个不同的点' : '面至少需要 3 个不同的点'}。`,
    en: (p) => (p.what === 'line' ? 'A line needs at least 2 distinct points.' : 'A polygon needs at least 3 distinct points.'),
  },
  geometry_zero_length: { 'zh-CN': () => '这条线长度为零（所有点重合）。', en: () => 'This line has zero length (all its points coincide).' },
  geometry_duplicate_vertices: {
    'zh-CN': (p) => `第 ${p.index} 个点与前一个点重复，请删去重复的点。`,
    en: (p) => `Point ${p.index} repeats the one before it; remove the duplicate.`,
  },
  geometry_ring_not_closed: { 'zh-CN': () => '面的边界没有闭合（首尾两点不同）。', en: () => 'The polygon ring is not closed (first and last points differ).' },
  geometry_too_many_vertices: {
    'zh-CN': (p) => `点太多（${p.count} 个，上限 ${p.max} 个）。请简化后再保存。`,
    en: (p) => `Too many points (${p.count}; at most ${p.max}). Simplify the shape first.`,
  },
  geometry_self_intersects: {
    'zh-CN': (p) => `这个面的边界自相交（${p.reason}），无法自动修复成一块。请重画。`,
    en: (p) => `This polygon's edges cross (${p.reason}) and it cannot be repaired into one piece. Please redraw it.`,
  },
  geometry_far_from_village: {
    'zh-CN': (p) => `要素离本村太远（约 ${p.km} 公里，上限 ${p.max} 公里）。请检查位置或底图。`,
    en: (p) => `The feature is far from this village (about ${p.km} km; at most ${p.max} km). Check its position or the basemap.`,
  },
  // ── import of a map's features (GeoJSON/KML)
  map_import_file_type: {
    'zh-CN': (p) => `不支持的文件类型“${p.name}”。请上传 .geojson（或 .json）或 .kml 文件。`,
    en: (p) => `Unsupported file type "${p.name}". Upload a .geojson (or .json) or .kml file.`,
  },
  map_import_file_missing: { 'zh-CN': () => '请选择要导入的 GeoJSON 或 KML 文件（字段 file）。', en: () => 'Choose the GeoJSON or KML file to import (field "file").' },
  map_import_not_exchange: {
    'zh-CN': () => '无法读取：这不是 GeoJSON（FeatureCollection 或 Feature）或 KML 文件。',
    en: () => 'This cannot be read: it is not a GeoJSON (FeatureCollection or Feature) or KML file.',
  },
  map_import_crs: {
    'zh-CN': (p) => `文件的坐标系是 ${p.crs}，不是 WGS84 经纬度。请在 GIS 软件中转换为 WGS84（EPSG:4326）后再导入。`,
    en: (p) => `The file's coordinate system is ${p.crs}, not WGS84 longitude/latitude. Convert it to WGS84 (EPSG:4326) in your GIS and import that.`,
  },
  map_import_too_many: {
    'zh-CN': (p) => `要素太多（${p.count} 个，一次最多 ${p.max} 个）。请拆分文件后分批导入。`,
    en: (p) => `Too many features (${p.count}; at most ${p.max} at a time). Split the file and import it in parts.`,
  },
  map_import_no_geometry: { 'zh-CN': () => '这一项没有几何（点、线或面）。', en: () => 'This item has no geometry (point, line or polygon).' },
  map_import_kind_unknown: {
    'zh-CN': (p) => `要素类型“${p.kind}”不在类型表中。请选择一个默认类型，或先添加该类型。`,
    en: (p) => `Feature kind "${p.kind}" is not in the registry. Choose a default kind, or add the kind first.`,
  },
  map_import_kind_missing: {
    'zh-CN': () => '没有写要素类型（kind 或 kind_label）。请选择一个默认类型。',
    en: () => 'No feature kind given (kind or kind_label). Choose a default kind.',
  },
  map_import_refused: {
    'zh-CN': (p) => `有 ${p.refused} 个要素无法导入，什么都没有写入。请修改文件，或选择跳过这些要素。`,
    en: (p) => `${p.refused} features cannot be imported, so nothing was written. Fix the file, or choose to skip them.`,
  },
  map_import_layer_other_map: { 'zh-CN': () => '所选图层不属于这张地图。', en: () => 'The chosen layer is not on this map.' },
} satisfies Record<string, Message>
