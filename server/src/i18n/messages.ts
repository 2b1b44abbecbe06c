import { categoryLabel } from '@cuntu/domain'
import type { Locale } from './locale.ts'
import { MAP_MESSAGES } from './map-messages.ts'

type Params = Record<string, string | number>
type Message = { 'zh-CN': (p: Params) => string; en: (p: Params) => string }

/** Every error message the API can send, in both languages, keyed by error code. */
export const MESSAGES = {
  validation_failed: {
    'zh-CN': (p) => `请求内容不正确：${p.details}`,
    en: (p) => `The request is not valid: ${p.details}`,
  },
  body_too_large: {
    'zh-CN': (p) => `请求内容过大（上限 ${p.limit}）。`,
    en: (p) => `The request body is too large (limit ${p.limit}).`,
  },
  not_found: { 'zh-CN': () => '找不到该页面或接口。', en: () => 'No such page or endpoint.' },
  area_not_found: { 'zh-CN': (p) => `找不到行政区划 ${p.code}。`, en: (p) => `No area with code ${p.code}.` },
  village_not_found: { 'zh-CN': (p) => `找不到村（社区）${p.code}。`, en: (p) => `No village with code ${p.code}.` },
  print_not_found: { 'zh-CN': () => '找不到该地图快照，可能不在您的辖区内。', en: () => 'No such saved map; it may be outside your area.' },
  household_not_found: { 'zh-CN': () => '找不到该户，可能已被删除。', en: () => 'No such household; it may have been deleted.' },
  member_not_found: { 'zh-CN': () => '找不到该成员，可能已被删除。', en: () => 'No such member; it may have been deleted.' },
  group_not_found: {
    'zh-CN': (p) => `该村没有第 ${p.group} 组。`,
    en: (p) => `This village has no group ${p.group}.`,
  },
  duplicate_huhao: {
    'zh-CN': (p) => `户号 ${p.huhao} 在本村已存在。`,
    en: (p) => `Household number ${p.huhao} already exists in this village.`,
  },
  version_conflict: {
    'zh-CN': () => '这条记录已被他人修改。请查看最新内容后再保存。',
    en: () => 'Someone else changed this record. Review the current version before saving.',
  },
  unknown_category: {
    'zh-CN': (p) => `未知的类别：${p.codes}。`,
    en: (p) => `Unknown category: ${p.codes}.`,
  },
  category_scope_mismatch: {
    'zh-CN': (p) => `类别“${p.code}”属于${p.scope === 'member' ? '成员' : '家庭'}，不能用在这里。`,
    en: (p) => `Category "${p.code}" applies to a ${p.scope}, not here.`,
  },
  category_year_required: {
    'zh-CN': (p) => `类别“${p.code}”按年度登记，请填写年份。`,
    en: (p) => `Category "${p.code}" is recorded per year; give the year.`,
  },
  duplicate_category: {
    'zh-CN': (p) => `类别“${p.code}”重复登记了同一年份。`,
    en: (p) => `Category "${p.code}" is listed twice for the same year.`,
  },
  categories_exclusive: {
    'zh-CN': (p) => `“${categoryLabel(String(p.a), 'zh-CN')}”和“${categoryLabel(String(p.b), 'zh-CN')}”不能同时登记在一户上，请只保留其中一项。`,
    en: (p) => `A household cannot be both "${categoryLabel(String(p.a), 'en')}" and "${categoryLabel(String(p.b), 'en')}"; keep only one.`,
  },
  unauthenticated: { 'zh-CN': () => '请先登录。', en: () => 'Please sign in.' },
  session_expired: { 'zh-CN': () => '登录已过期，请重新登录。', en: () => 'Your session has expired; please sign in again.' },
  login_failed: { 'zh-CN': () => '用户名或密码不正确。', en: () => 'Wrong username or password.' },
  totp_required: { 'zh-CN': () => '请输入身份验证器上的 6 位动态码。', en: () => 'Enter the 6-digit code from your authenticator app.' },
  totp_invalid: { 'zh-CN': () => '动态码不正确或已过期。', en: () => 'That code is wrong or has expired.' },
  totp_used: {
    'zh-CN': () => '这个动态码刚刚用过，每个码只能用一次。请等身份验证器换出下一个码（最多 30 秒）再输入。',
    en: () => 'That code has just been used; each code works once. Wait for the next one in your authenticator (up to 30 s).',
  },
  login_throttled: {
    'zh-CN': (p) => `登录尝试过于频繁，请 ${p.seconds} 秒后再试。`,
    en: (p) => `Too many sign-in attempts; try again in ${p.seconds} s.`,
  },
  session_not_found: { 'zh-CN': () => '找不到该登录会话，可能已经结束。', en: () => 'No such session; it may have ended already.' },
  csrf_failed: { 'zh-CN': () => '请求缺少有效的安全令牌，请刷新页面后重试。', en: () => 'Missing or wrong security token; reload the page and try again.' },
  forbidden: { 'zh-CN': () => '您的角色无权进行此操作。', en: () => 'Your role may not do this.' },
  forbidden_area: {
    'zh-CN': (p) => `您无权查看 ${p.code} 的数据（不在您负责的范围内）。`,
    en: (p) => `You may not see data of ${p.code}: it is outside your area.`,
  },
  break_glass_required: {
    'zh-CN': () => '督导查看实名档案需先说明理由（“紧急查看”），该操作会被记录。',
    en: () => 'Supervisors must state a reason ("break the glass") to see named records; it is logged.',
  },
  password_rejected: {
    'zh-CN': (p) =>
      p.reason === 'too_short' ? `密码至少需要 ${p.min} 个字符。` : p.reason === 'too_long' ? '密码太长。' : '这个密码太常见，容易被猜到，请换一个。',
    en: (p) =>
      p.reason === 'too_short' ? `Use at least ${p.min} characters.` : p.reason === 'too_long' ? 'That password is too long.' : 'That password is too common; choose another.',
  },
  username_taken: { 'zh-CN': (p) => `用户名 ${p.username} 已被使用。`, en: (p) => `Username ${p.username} is taken.` },
  user_not_found: { 'zh-CN': () => '找不到该账号。', en: () => 'No such account.' },
  user_self: {
    'zh-CN': () => '不能在这里停用自己的账号或重置自己的密码；修改密码请到“账号设置”，需要时请另一位站长或系统管理员操作。',
    en: () => 'You cannot disable your own account or reset your own password here; change your password in account settings, or ask another lead or an administrator.',
  },
  organisation_not_found: { 'zh-CN': () => '找不到该机构，或不在您的管理范围内。', en: () => 'No such organisation within your scope.' },
  rate_limited: { 'zh-CN': () => '请求过于频繁，请稍后再试。', en: () => 'Too many requests; try again shortly.' },
  // ── imports and exports
  // A file that cannot be read: the parsing layer words the reason (ImportFileError), in both languages.
  import_file_too_large: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_too_many_rows: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_zip_bomb: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_file_corrupt: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_not_xlsx: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_legacy_xls: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_empty_file: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_encoding_unknown: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_encoding_unsupported: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_not_a_location_file: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_xml_doctype: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_json_too_deep: { 'zh-CN': (p) => String(p.zh), en: (p) => String(p.en) },
  import_upload_too_large: {
    'zh-CN': (p) => `上传的文件太大，单个文件上限为 ${p.limit}。`,
    en: (p) => `The uploaded file is too large; the limit is ${p.limit} per file.`,
  },
  import_too_many_files: {
    'zh-CN': () => '一次最多上传 2 个文件：档案工作簿和（可选的）位置文件。',
    en: () => 'Upload at most 2 files: the archive workbook and, optionally, a locations file.',
  },
  import_file_type: {
    'zh-CN': (p) => `不支持的文件类型“${p.name}”。档案请上传 .xlsx 或 .csv；位置文件可以是 .csv、.xlsx、.geojson 或 .kml。`,
    en: (p) => `Unsupported file type "${p.name}". Upload the archive as .xlsx or .csv; locations as .csv, .xlsx, .geojson or .kml.`,
  },
  import_file_missing: {
    'zh-CN': () => '请选择要导入的档案文件（或位置文件）。',
    en: () => 'Choose the archive file (or a locations file) to import.',
  },
  import_multipart_required: {
    'zh-CN': () => '请以 multipart/form-data 方式上传文件。',
    en: () => 'Upload the files as multipart/form-data.',
  },
  import_multipart_invalid: {
    'zh-CN': () => '上传内容不完整或格式不正确（multipart 分隔符不符），没有读到任何文件。请重新选择文件上传。',
    en: () => 'The upload is incomplete or malformed (the multipart boundary does not match); no file was read. Choose the file and upload it again.',
  },
  import_crs_required: {
    'zh-CN': () => '请说明位置文件的坐标系：wgs84（GPS、天地图）或 gcj02（微信、高德、腾讯地图）。',
    en: () => 'State the coordinate system of the locations file: wgs84 (GPS, Tianditu) or gcj02 (WeChat, AMap, Tencent).',
  },
  import_upload_not_found: {
    'zh-CN': () => '找不到该上传文件，可能已导入或已过期（24 小时），请重新上传。',
    en: () => 'No such upload; it may have been imported already or expired (24 hours). Upload the file again.',
  },
  import_batch_not_found: { 'zh-CN': () => '找不到该导入记录。', en: () => 'No such import.' },
  import_already_undone: { 'zh-CN': () => '该次导入已撤销。', en: () => 'This import has already been undone.' },
  import_undo_conflict: {
    'zh-CN': (p) => `导入后有 ${p.count} 户已被修改（户号 ${p.huhao}），不能整体撤销。请先处理这些修改。`,
    en: (p) => `${p.count} household(s) changed after this import (户号 ${p.huhao}); it cannot be undone as a whole. Deal with those changes first.`,
  },
  control_points_too_few: {
    'zh-CN': (p) => `控制点至少需要 3 个，现在只有 ${p.given} 个。`,
    en: (p) => `At least 3 control points are needed; ${p.given} given.`,
  },
  control_points_collinear: {
    'zh-CN': () => '控制点都在社区地图的同一行或同一列上，无法推算位置。请选分散在地图各处的房屋。',
    en: () => 'The control points are all in one row or one column of the community map, so no positions can be worked out. Choose houses spread over the map.',
  },
  control_point_not_on_map: {
    'zh-CN': (p) => `户号 ${p.huhao} 不在社区地图上，不能作控制点。`,
    en: (p) => `Household ${p.huhao} is not on the community map, so it cannot be a control point.`,
  },
  import_failed: {
    'zh-CN': (p) => `导入失败，已全部回滚，没有写入任何数据：${p.reason}`,
    en: (p) => `The import failed and was rolled back; nothing was written: ${p.reason}`,
  },
  import_village_mismatch: {
    'zh-CN': () => '这个文件看起来是另一个村的档案（见试运行中的“注意”）。确认无误后，勾选“仍然导入”再提交。',
    en: () => 'This file looks like another village\'s workbook (see the warnings of the dry run). If it is right, confirm "import anyway" and commit again.',
  },
  import_nothing_to_import: {
    'zh-CN': () => '文件中没有可以导入的户。请查看问题列表。',
    en: () => 'The file holds no household that can be imported. See the list of problems.',
  },
  // ── database refusals in the domain's words (plugins/db-errors.ts): never a constraint name
  huhao_taken: {
    'zh-CN': () => '该户号在本村已存在（可能有同事刚刚录入或导入了同一户）。请刷新后再试。',
    en: () => 'That household number already exists in this village (a colleague may have just added or imported it). Reload and try again.',
  },
  username_exists: { 'zh-CN': () => '该用户名已被使用。', en: () => 'That username is taken.' },
  group_missing: { 'zh-CN': () => '该村没有这个村组。', en: () => 'This village has no such group.' },
  village_missing: { 'zh-CN': () => '找不到该村（社区）。', en: () => 'No such village.' },
  category_missing: { 'zh-CN': () => '类别不存在或已停用。', en: () => 'No such category, or it is no longer in use.' },
  category_listed_twice: { 'zh-CN': () => '同一类别（同一年份）登记了两次。', en: () => 'The same category (for the same year) is listed twice.' },
  disability_grade_range: { 'zh-CN': () => '残疾等级应为一至四级。', en: () => 'A disability grade is 1 to 4.' },
  group_number_range: { 'zh-CN': () => '村组编号超出范围。', en: () => 'The group number is out of range.' },
  text_nul: {
    'zh-CN': () => '文字中含有空字符（NUL，通常来自复制粘贴或损坏的文件），无法保存。请删除后重试。',
    en: () => 'The text contains a NUL character (usually from a paste or a damaged file) and cannot be saved. Remove it and try again.',
  },
  value_out_of_range: { 'zh-CN': () => '有一个数值超出允许的范围。', en: () => 'A number is out of the allowed range.' },
  value_invalid: { 'zh-CN': () => '有一个值的格式不正确。', en: () => 'A value is not in the right form.' },
  value_too_long: { 'zh-CN': () => '有一项文字太长。', en: () => 'A text is too long.' },
  reference_missing: { 'zh-CN': () => '引用的记录不存在，可能已被删除。', en: () => 'A referenced record does not exist; it may have been deleted.' },
  record_exists: { 'zh-CN': () => '已有相同的记录。', en: () => 'The same record already exists.' },
  internal_error: {
    'zh-CN': () => '服务器内部错误，已记录。请稍后重试。',
    en: () => 'Internal server error; it has been logged. Please try again.',
  },
  ...MAP_MESSAGES,
  database_unavailable: {
    'zh-CN': () => '数据库暂时无法连接，本次操作未执行。请稍后重试；数据库恢复后服务会自动恢复。',
    en: () => 'The database cannot be reached right now; nothing was done. Please try again shortly: the service recovers by itself once the database is back.',
  },
  database_commit_unknown: {
    'zh-CN': () => '提交时与数据库的连接中断，无法确认是否已保存。请刷新后查看，再决定是否重做。',
    en: () => 'The connection to the database broke while saving, so it is not known whether the change was saved. Reload and check before doing it again.',
  },
  database_storage: {
    'zh-CN': () => '数据库无法写入磁盘（磁盘已满或数据目录只读），本次修改未保存，已有数据不受影响。请联系管理员处理磁盘后重试。',
    en: () => 'The database cannot write to disk (the disk is full or the data folder is read-only); this change was not saved and existing data is untouched. Ask the administrator to fix the disk, then try again.',
  },
} satisfies Record<string, Message>

export type MessageCode = keyof typeof MESSAGES

export function message(code: MessageCode, locale: Locale, params: Params = {}): string {
  return MESSAGES[code][locale](params)
}
