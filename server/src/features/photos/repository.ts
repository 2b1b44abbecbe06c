/**
 * Every query about feature photos. Runs inside the request's scoped
 * transaction: row-level security keeps photos, like their features, to the
 * caller's villages, so a photo out of scope answers as not found.
 */
import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { FeaturePhoto } from '../../contract/index.ts'
import { AppError, notFound } from '../../plugins/errors.ts'
import type { ProcessedPhoto } from './image.ts'

const COLUMNS = sql`p.id, p.feature_id as "featureId", p.mime, p.width, p.height, p.kept_location as "keptLocation", p.caption,
  p.created_by_name as "createdByName", to_json(p.created_at)#>>'{}' as "createdAt"`

type PhotoRow = Omit<FeaturePhoto, 'url' | 'thumbUrl'>

const present = (r: PhotoRow): FeaturePhoto => ({ ...r, url: `/api/photos/${r.id}`, thumbUrl: `/api/photos/${r.id}/thumb` })

export function photoRepository(database: Database) {
  /** The feature a photo is added to: it must exist, not be deleted, and its layer must not be locked. */
  async function target(featureId: string): Promise<{ villageCode: string; photos: number }> {
    const [f] = await database.rows<{ villageCode: string; deleted: boolean; locked: boolean; layerName: string; photos: number }>(sql`
      select f.village_code as "villageCode", f.deleted_at is not null as deleted, l.locked, l.name as "layerName",
             (select count(*)::int from feature_photos p where p.feature_id = f.id) as photos
      from features f join map_layers l on l.id = f.layer_id where f.id = ${featureId}`)
    if (!f || f.deleted) throw notFound('feature_not_found')
    if (f.locked) throw new AppError('layer_locked', 423, { layer: f.layerName })
    return f
  }

  return {
    target,

    /** A feature's photos, oldest first; null when the feature is not there (or not in scope). */
    async list(featureId: string): Promise<FeaturePhoto[] | null> {
      const [f] = await database.rows<{ id: string }>(sql`select id from features where id = ${featureId}`)
      if (!f) return null
      const rows = await database.rows<PhotoRow>(sql`select ${COLUMNS} from feature_photos p where p.feature_id = ${featureId} order by p.created_at, p.id`)
      return rows.map(present)
    },

    async add(featureId: string, villageCode: string, photo: ProcessedPhoto, o: { keptLocation: boolean; caption: string; actor: { userId: string | null; username: string | null } }): Promise<FeaturePhoto> {
      const [row] = await database.rows<PhotoRow>(sql`
        insert into feature_photos as p (feature_id, village_code, mime, width, height, bytes, thumb, kept_location, caption, created_by, created_by_name)
        values (${featureId}, ${villageCode}, ${photo.mime}, ${photo.width}, ${photo.height}, ${photo.bytes}, ${photo.thumb},
                ${o.keptLocation}, ${o.caption}, ${o.actor.userId}, ${o.actor.username})
        returning ${COLUMNS}`)
      return present(row!)
    },

    /** The stored image or its thumbnail, with what the response needs. */
    async bytes(id: string, which: 'image' | 'thumb'): Promise<{ mime: string; bytes: Buffer; villageCode: string } | null> {
      const [row] = await database.rows<{ mime: string; bytes: Buffer | Uint8Array; villageCode: string }>(
        which === 'image'
          ? sql`select mime, bytes, village_code as "villageCode" from feature_photos where id = ${id}`
          : sql`select 'image/jpeg' as mime, thumb as bytes, village_code as "villageCode" from feature_photos where id = ${id}`,
      )
      if (!row) return null
      return { ...row, bytes: Buffer.isBuffer(row.bytes) ? row.bytes : Buffer.from(row.bytes) }
    },

    /** Removes a photo for good (a photo of a person's house is not kept once its worker deletes it). */
    async remove(id: string): Promise<{ featureId: string; villageCode: string }> {
      const [row] = await database.rows<{ featureId: string; villageCode: string; locked: boolean; layerName: string }>(sql`
        select p.feature_id as "featureId", p.village_code as "villageCode", l.locked, l.name as "layerName"
        from feature_photos p join features f on f.id = p.feature_id join map_layers l on l.id = f.layer_id where p.id = ${id}`)
      if (!row) throw notFound('photo_not_found')
      if (row.locked) throw new AppError('layer_locked', 423, { layer: row.layerName })
      await database.rows(sql`delete from feature_photos where id = ${id}`)
      return row
    },
  }
}

export type PhotoRepository = ReturnType<typeof photoRepository>
