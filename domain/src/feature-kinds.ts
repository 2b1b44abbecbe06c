/**
 * The feature-kind registry: what a worker can draw on a village map. Beside
 * the category registry and like it, the single source of labels, colours,
 * icons and allowed geometries; the database is seeded from it, the API serves
 * it (with a station's own kinds added, `builtin = false`), the map and legend
 * draw with it. Built-in codes never change meaning.
 *
 * Groups follow how workers sort them: 资产 by the ABCD grouping 人/文/地/产
 * plus the 五社联动 resources; needs and risks; and the base sketch (底图)
 * of lanes, water and buildings that is the only map many villages have.
 */

export type FeatureGeometryKind = 'point' | 'line' | 'polygon'

/** asset_* = 资产 (人 文 地 产 五社), need = 需求与风险, base = 村庄底图. */
export const FEATURE_GROUPS = [
  { code: 'asset_people', labelZh: '人', labelEn: 'People', role: 'asset' },
  { code: 'asset_culture', labelZh: '文', labelEn: 'Culture', role: 'asset' },
  { code: 'asset_place', labelZh: '地', labelEn: 'Places', role: 'asset' },
  { code: 'asset_industry', labelZh: '产', labelEn: 'Industry', role: 'asset' },
  { code: 'asset_wushe', labelZh: '五社联动资源', labelEn: 'Five-party resources', role: 'asset' },
  { code: 'need', labelZh: '需求与风险', labelEn: 'Needs and risks', role: 'need' },
  { code: 'base', labelZh: '村庄底图', labelEn: 'Base sketch', role: 'base' },
] as const

export type FeatureGroup = (typeof FEATURE_GROUPS)[number]['code']
export type FeatureRole = (typeof FEATURE_GROUPS)[number]['role']
export const FEATURE_GROUP_CODES = FEATURE_GROUPS.map((g) => g.code) as [FeatureGroup, ...FeatureGroup[]]

export interface FeatureKindDefinition {
  code: string
  group: FeatureGroup
  labelZh: string
  labelEn: string
  /** CSS hex colour, `#rrggbb`. */
  colour: string
  /**
   * The bundled icon: one character drawn in a badge of `colour` from local
   * fonts (the client paints it; nothing is fetched). A Chinese worker reads
   * 祠 or 危 faster than a pictogram, and it needs no image files.
   */
  icon: string
  /** Geometries a feature of this kind may have; the first is what the draw tool offers first. */
  geometries: readonly FeatureGeometryKind[]
}

const P = ['point'] as const
const PA = ['point', 'polygon'] as const
const AP = ['polygon', 'point'] as const
const L = ['line'] as const
const LA = ['line', 'polygon'] as const
const A = ['polygon'] as const
const PLA = ['point', 'line', 'polygon'] as const

export const BUILTIN_FEATURE_KINDS = [
  // 资产 · 人
  { code: 'capable_person', group: 'asset_people', labelZh: '能人', labelEn: 'Capable person', colour: '#2e7d32', icon: '能', geometries: P },
  { code: 'activist', group: 'asset_people', labelZh: '积极分子', labelEn: 'Activist', colour: '#388e3c', icon: '积', geometries: P },
  { code: 'volunteer', group: 'asset_people', labelZh: '志愿者', labelEn: 'Volunteer', colour: '#43a047', icon: '志', geometries: P },
  { code: 'village_sage', group: 'asset_people', labelZh: '乡贤', labelEn: 'Village elder of standing', colour: '#1b5e20', icon: '贤', geometries: P },
  // 资产 · 文
  { code: 'ancestral_hall', group: 'asset_culture', labelZh: '祠堂', labelEn: 'Ancestral hall', colour: '#8e24aa', icon: '祠', geometries: PA },
  { code: 'cultural_activity', group: 'asset_culture', labelZh: '文化活动', labelEn: 'Cultural activity', colour: '#ab47bc', icon: '文', geometries: PA },
  { code: 'traditional_craft', group: 'asset_culture', labelZh: '传统技艺', labelEn: 'Traditional craft', colour: '#6a1b9a', icon: '艺', geometries: P },
  // 资产 · 地
  { code: 'activity_venue', group: 'asset_place', labelZh: '活动场地', labelEn: 'Activity venue', colour: '#00897b', icon: '场', geometries: AP },
  { code: 'threshing_floor', group: 'asset_place', labelZh: '晒谷场', labelEn: 'Threshing floor', colour: '#c0a000', icon: '晒', geometries: AP },
  { code: 'park', group: 'asset_place', labelZh: '公园', labelEn: 'Park', colour: '#4caf50', icon: '园', geometries: AP },
  { code: 'farmland_asset', group: 'asset_place', labelZh: '耕地', labelEn: 'Farmland', colour: '#9ccc65', icon: '耕', geometries: A },
  // 资产 · 产
  { code: 'cooperative', group: 'asset_industry', labelZh: '合作社', labelEn: 'Co-operative', colour: '#ef6c00', icon: '合', geometries: PA },
  { code: 'orchard', group: 'asset_industry', labelZh: '果园', labelEn: 'Orchard', colour: '#fb8c00', icon: '果', geometries: AP },
  { code: 'workshop', group: 'asset_industry', labelZh: '作坊', labelEn: 'Workshop', colour: '#e65100', icon: '坊', geometries: PA },
  { code: 'enterprise', group: 'asset_industry', labelZh: '企业', labelEn: 'Enterprise', colour: '#bf360c', icon: '企', geometries: PA },
  // 资产 · 五社联动
  { code: 'social_org', group: 'asset_wushe', labelZh: '社会组织', labelEn: 'Social organisation', colour: '#1565c0', icon: '组', geometries: P },
  { code: 'volunteer_team', group: 'asset_wushe', labelZh: '志愿服务队', labelEn: 'Volunteer team', colour: '#1e88e5', icon: '队', geometries: P },
  { code: 'charity_resource', group: 'asset_wushe', labelZh: '慈善资源', labelEn: 'Charity resource', colour: '#0d47a1', icon: '慈', geometries: P },
  { code: 'community_fund', group: 'asset_wushe', labelZh: '社区基金', labelEn: 'Community fund', colour: '#283593', icon: '金', geometries: P },
  // 需求与风险
  { code: 'unsafe_house', group: 'need', labelZh: '危房', labelEn: 'Unsafe house', colour: '#c62828', icon: '危', geometries: PA },
  { code: 'safety_hazard', group: 'need', labelZh: '安全隐患', labelEn: 'Safety hazard', colour: '#d32f2f', icon: '险', geometries: PLA },
  { code: 'waterlogging', group: 'need', labelZh: '积水点', labelEn: 'Waterlogging spot', colour: '#0277bd', icon: '涝', geometries: PA },
  { code: 'no_street_light', group: 'need', labelZh: '无路灯', labelEn: 'No street light', colour: '#5d4037', icon: '暗', geometries: ['point', 'line'] },
  { code: 'accessibility_gap', group: 'need', labelZh: '无障碍缺失', labelEn: 'Accessibility gap', colour: '#ad1457', icon: '障', geometries: ['point', 'line'] },
  { code: 'elderly_alone_watch', group: 'need', labelZh: '独居老人关注点', labelEn: 'Elderly living alone: watch point', colour: '#4a148c', icon: '老', geometries: P },
  { code: 'poor_transport', group: 'need', labelZh: '交通不便', labelEn: 'Poor transport', colour: '#795548', icon: '行', geometries: PLA },
  // 村庄底图
  { code: 'lane', group: 'base', labelZh: '巷道', labelEn: 'Lane', colour: '#a1887f', icon: '巷', geometries: L },
  { code: 'road', group: 'base', labelZh: '道路', labelEn: 'Road', colour: '#8d6e63', icon: '路', geometries: LA },
  { code: 'river', group: 'base', labelZh: '河流', labelEn: 'River', colour: '#4fc3f7', icon: '河', geometries: LA },
  { code: 'pond', group: 'base', labelZh: '池塘', labelEn: 'Pond', colour: '#81d4fa', icon: '塘', geometries: A },
  { code: 'farmland', group: 'base', labelZh: '农田', labelEn: 'Fields', colour: '#c5e1a5', icon: '田', geometries: A },
  { code: 'building', group: 'base', labelZh: '建筑', labelEn: 'Building', colour: '#bcaaa4', icon: '屋', geometries: A },
  { code: 'landmark', group: 'base', labelZh: '地标', labelEn: 'Landmark', colour: '#6d4c41', icon: '标', geometries: PA },
] as const satisfies readonly FeatureKindDefinition[]

export type BuiltinFeatureKindCode = (typeof BUILTIN_FEATURE_KINDS)[number]['code']
export const BUILTIN_FEATURE_KIND_CODES: readonly string[] = BUILTIN_FEATURE_KINDS.map((k) => k.code)

/** Kind codes: lower-case ASCII, digits, underscores (as category codes). */
export const FEATURE_KIND_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/

/** The geometry kind of a GeoJSON geometry type, or null for types a feature cannot have. */
export function geometryKindOf(type: string): FeatureGeometryKind | null {
  if (type === 'Point') return 'point'
  if (type === 'LineString') return 'line'
  if (type === 'Polygon') return 'polygon'
  return null
}

/** Whether a kind allows a GeoJSON geometry type. */
export function kindAllows(kind: Pick<FeatureKindDefinition, 'geometries'>, geometryType: string): boolean {
  const g = geometryKindOf(geometryType)
  return g !== null && kind.geometries.includes(g)
}

/** The group's role: asset, need or base. */
export function roleOfGroup(group: FeatureGroup): FeatureRole {
  return FEATURE_GROUPS.find((g) => g.code === group)!.role
}
