import type { AreaLevel, DisabilityType, HouseholdStatus, Sex, Wgs84LngLat } from '@cuntu/domain'

/**
 * A self-contained set of places, households and members in plain values,
 * as generators produce it and `loadDataset` writes it. Ids are chosen by the
 * producer (UUIDs) so that rows can reference each other before insertion.
 */
export interface Dataset {
  areas: { code: string; name: string; level: AreaLevel; parentCode: string | null }[]
  groups: { villageCode: string; number: number; name: string }[]
  households: DatasetHousehold[]
}

export interface DatasetAssignment {
  code: string
  year?: number | null
}

export interface DatasetHousehold {
  id: string
  villageCode: string
  group: number | null
  huhao: string
  doorNumber?: string | null
  /** [longitude, latitude], WGS84 degrees; null when the household has no position yet. */
  lngLat: Wgs84LngLat | null
  housing?: string | null
  living?: string | null
  notes?: string | null
  status: HouseholdStatus
  categories: DatasetAssignment[]
  members: DatasetMember[]
}

export interface DatasetMember {
  id: string
  name: string
  relation: string | null
  sex: Sex | null
  /** ISO date YYYY-MM-DD. */
  birthDate: string | null
  ethnicity?: string | null
  marriedOut?: boolean
  health?: string | null
  schooling?: string | null
  work?: string | null
  disabilityText?: string | null
  categories: (DatasetAssignment & { disabilityType?: DisabilityType | null; disabilityGrade?: number | null })[]
}
