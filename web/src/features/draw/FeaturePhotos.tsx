/**
 * A feature's photos: thumbnails, one opened large, added from the camera or
 * the gallery (with upload progress) and deleted. The server drops the
 * photo's location unless the worker ticks the box; the box starts unticked.
 */
import { useRef, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { DrawnFeature, FeaturePhoto } from '@cuntu/server/contract'
import { api, uploadForm } from '../../api/client.ts'
import { useT } from '../../i18n/index.ts'
import { drawKeys } from './api.ts'

export function FeaturePhotos({ feature, mayEdit, onError }: { feature: DrawnFeature; mayEdit: boolean; onError: (m: string) => void }) {
  const t = useT()
  const qc = useQueryClient()
  const key = drawKeys.photos(feature.id)
  const q = useQuery({ queryKey: key, queryFn: () => api<{ photos: FeaturePhoto[]; limit: number }>(`/api/features/${feature.id}/photos`) })
  const [keepLocation, setKeepLocation] = useState(false)
  const [caption, setCaption] = useState('')
  const [sent, setSent] = useState<number | null>(null)
  const [open, setOpen] = useState<FeaturePhoto | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const photos = q.data?.photos ?? []
  const limit = q.data?.limit ?? 0
  const full = photos.length >= limit && limit > 0

  async function add(file: File) {
    const form = new FormData()
    form.append('photo', file, file.name)
    if (keepLocation) form.append('keepLocation', 'true')
    if (caption.trim()) form.append('caption', caption.trim())
    setSent(0)
    try {
      await uploadForm<FeaturePhoto>(`/api/features/${feature.id}/photos`, form, (f) => setSent(f))
      setCaption('')
      await qc.invalidateQueries({ queryKey: key })
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err))
    } finally {
      setSent(null)
      if (input.current) input.current.value = ''
    }
  }

  async function remove(p: FeaturePhoto) {
    if (!window.confirm(t('draw.photos.confirmDelete'))) return
    try {
      await api(p.url, { method: 'DELETE' })
      setOpen(null)
      await qc.invalidateQueries({ queryKey: key })
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <fieldset className="draw-photos" data-testid="feature-photos">
      <legend>
        {t('draw.photos')} {limit > 0 && <span className="muted small">{t('draw.photos.count', { n: photos.length, limit })}</span>}
      </legend>
      {photos.length === 0 && !q.isLoading && <p className="muted small">{t('draw.photos.none')}</p>}
      <ul className="photo-grid">
        {photos.map((p) => (
          <li key={p.id}>
            <button type="button" className="photo-thumb" data-testid="photo-thumb" title={p.caption || undefined} onClick={() => setOpen(p)}>
              <img src={p.thumbUrl} alt={p.caption || t('draw.photos')} loading="lazy" />
            </button>
          </li>
        ))}
      </ul>
      {mayEdit && (
        <div className="photo-add">
          {full ? (
            <p className="muted small">{t('draw.photos.full')}</p>
          ) : (
            <>
              <input className="photo-caption" value={caption} maxLength={80} placeholder={t('draw.photos.caption')} onChange={(e) => setCaption(e.target.value)} />
              <label className="check small">
                <input type="checkbox" data-testid="photo-keep-location" checked={keepLocation} onChange={(e) => setKeepLocation(e.target.checked)} />
                {t('draw.photos.keepLocation')}
              </label>
              <input
                ref={input} type="file" hidden data-testid="photo-input" accept="image/jpeg,image/png,image/webp" capture="environment"
                onChange={(e) => {
                  const file = e.target.files?.[0]
                  if (file) void add(file)
                }}
              />
              <button type="button" data-testid="photo-add" disabled={sent !== null} onClick={() => input.current?.click()}>
                {sent !== null ? t('draw.photos.uploading', { pct: Math.round(sent * 100) }) : t('draw.photos.add')}
              </button>
            </>
          )}
        </div>
      )}
      {open && (
        <div className="photo-viewer" role="dialog" aria-modal="true" aria-label={open.caption || t('draw.photos')} data-testid="photo-viewer" onClick={() => setOpen(null)}>
          <figure onClick={(e) => e.stopPropagation()}>
            <img src={open.url} alt={open.caption || t('draw.photos')} width={open.width} height={open.height} />
            <figcaption>
              {open.caption && <strong>{open.caption}</strong>}
              <span className="muted small">
                {t('draw.photos.by', { who: open.createdByName ?? '—', when: new Date(open.createdAt).toLocaleString() })}
                {open.keptLocation ? ` · ${t('draw.photos.keptLocation')}` : ''}
              </span>
              <span className="grow" />
              {mayEdit && <button type="button" data-testid="photo-delete" onClick={() => void remove(open)}>{t('draw.photos.delete')}</button>}
              <button type="button" onClick={() => setOpen(null)}>{t('draw.photos.close')}</button>
            </figcaption>
          </figure>
        </div>
      )}
    </fieldset>
  )
}
