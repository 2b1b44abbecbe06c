import type { HouseholdStatus, Sex } from './places.ts'

/**
 * The household archive's fields (村民家庭档案), as stored: the one shape that
 * the importer's plan, its database rows and the exporter all share.
 */
export interface ArchiveMemberFields {
  name: string
  relation: string | null
  sex: Sex | null
  /** ISO date YYYY-MM-DD. */
  birthDate: string | null
  ethnicity: string | null
  marriedOut: boolean
  health: string | null
  schooling: string | null
  work: string | null
  disabilityText: string | null
}

export interface ArchiveHouseholdFields {
  huhao: string
  group: number | null
  doorNumber: string | null
  housing: string | null
  living: string | null
  notes: string | null
  status: HouseholdStatus
}
