import type { zhCN } from './zh-CN.ts'

type Source = typeof zhCN
/** Every language provides every key, with the same parameters. */
export type Dict = { [K in keyof Source]: Source[K] extends (p: infer P) => string ? (p: P) => string : string }
export type MessageKey = keyof Dict
/** Parameters a message takes, or never for a plain string. */
export type ParamsOf<K extends MessageKey> = Dict[K] extends (p: infer P) => string ? P : never
