import { createCanceller } from '@tianyuan/sdk'
import { useMediaBaseUrl, useSdk } from '@tianyuan/sdk/react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { choosePhotos, uploadSlot, type Photo, type PhotoSlot } from './photo-upload'

export interface PhotoSlotsOptions {
  /**
   * Photos already uploaded (restored from a saved draft), shown as done slots before any added.
   * Taken the first time it is not undefined: while the draft is still being read pass
   * undefined, not [] (an empty list counts as "the draft had none").
   */
  initial?: readonly Photo[]
  /** The API's origin to upload to; by default the NetImageProvider's baseUrl (where the photos are shown from). */
  baseUrl?: string
}

export interface PhotoSlotsView {
  /** Every slot, in the order taken: restored, uploading, done, failed. */
  photos: PhotoSlot[]
  /**
   * The uploaded photos, in the order taken (restored ones first). A new array only when the
   * slots change, not on every render, so it can sit in an effect's dependencies (saving a draft).
   */
  uploaded: Photo[]
  /** Some photo is still on its way up. */
  busy: boolean
  /** Opens the camera or album (up to the room left under `max`), then uploads what was chosen, one at a time. */
  add(): Promise<void>
  /** Sends a failed photo again, with its Idempotency-Key. */
  retry(slot: PhotoSlot): Promise<void>
  /** Takes a photo out; one still uploading is cancelled, one still waiting is never sent. */
  remove(slot: PhotoSlot): void
}

const restored = (photos: readonly Photo[] | undefined): PhotoSlot[] =>
  (photos ?? []).map((media) => ({ key: `photo:${media.id}`, state: 'done', percent: 100, media: { id: media.id, width: media.width, height: media.height, thumbhash: media.thumbhash } }))

/**
 * Photos chosen on the phone and uploaded as they are chosen, each with its progress, through
 * the SdkProvider's SDK (its session, network and platform). `max` counts restored photos too.
 */
export function usePhotoSlots(max: number, options: PhotoSlotsOptions = {}): PhotoSlotsView {
  const { initial } = options
  const sdk = useSdk()
  const mediaBaseUrl = useMediaBaseUrl()
  const baseUrl = options.baseUrl ?? mediaBaseUrl
  const [photos, setPhotos] = useState<PhotoSlot[]>(() => restored(initial))
  // A draft read from storage arrives after the first render: take it when it does (during
  // render, as React advises for state that follows a prop, so no frame shows it missing).
  const [seeded, setSeeded] = useState(initial !== undefined)
  if (!seeded && initial !== undefined) {
    setSeeded(true)
    setPhotos((old) => [...restored(initial), ...old])
  }
  const nextKey = useRef(0)
  // Uploads in flight, by slot key, and slots taken out (a queued one must not start).
  const cancels = useRef(new Map<string, () => void>())
  const removed = useRef(new Set<string>())

  // Leaving the page stops its uploads: nobody will see them, and on 2G they cost the user.
  useEffect(() => {
    const inFlight = cancels.current
    return () => inFlight.forEach((cancel) => cancel())
  }, [])

  const setSlot = (key: string, change: Partial<PhotoSlot>) => setPhotos((old) => old.map((p) => (p.key === key ? { ...p, ...change } : p)))

  const upload = async (slot: PhotoSlot) => {
    if (!slot.path || removed.current.has(slot.key)) return
    const { signal, cancel } = createCanceller()
    cancels.current.set(slot.key, cancel)
    setSlot(slot.key, { state: 'uploading', percent: 0, error: undefined })
    try {
      const finished = await uploadSlot(slot, { sdk, baseUrl, cancel: signal }, (percent) => setSlot(slot.key, { percent }))
      setSlot(slot.key, finished) // a slot removed meanwhile is gone: nothing to update
    } finally {
      cancels.current.delete(slot.key)
    }
  }

  const add = async () => {
    const paths = await choosePhotos(max - photos.length)
    const slots: PhotoSlot[] = paths.map((path) => ({ key: `${path}#${++nextKey.current}`, path, state: 'uploading', percent: 0 }))
    setPhotos((old) => [...old, ...slots])
    // One at a time: on a weak link parallel uploads only make each slower.
    for (const slot of slots) await upload(slot)
  }

  const remove = (slot: PhotoSlot) => {
    removed.current.add(slot.key)
    cancels.current.get(slot.key)?.()
    setPhotos((old) => old.filter((p) => p.key !== slot.key))
  }

  const uploaded = useMemo(() => photos.flatMap((p) => (p.state === 'done' && p.media ? [p.media] : [])), [photos])
  return { photos, uploaded, busy: photos.some((p) => p.state === 'uploading'), add, retry: upload, remove }
}
