import type { MarketPhoto } from '@tianyuan/contracts/types'
import { useState } from 'react'
import { choosePhotos, uploadSlot, type PhotoSlot } from './photo-upload'

export interface PhotoSlotsView {
  photos: PhotoSlot[]
  /** The uploaded photos, in the order taken. */
  uploaded: MarketPhoto[]
  /** Some photo is still on its way up. */
  busy: boolean
  /** Opens the camera or album, then uploads what was chosen, one at a time. */
  add(): Promise<void>
  retry(slot: PhotoSlot): Promise<void>
}

/** Photos chosen on the phone and uploaded as they are chosen, each with its progress. */
export function usePhotoSlots(max: number): PhotoSlotsView {
  const [photos, setPhotos] = useState<PhotoSlot[]>([])
  const setSlot = (path: string, change: Partial<PhotoSlot>) => setPhotos((old) => old.map((p) => (p.path === path ? { ...p, ...change } : p)))
  const upload = async (slot: PhotoSlot) => {
    setSlot(slot.path, { state: 'uploading', percent: 0, error: undefined })
    const finished = await uploadSlot(slot, (percent) => setSlot(slot.path, { percent }))
    setSlot(slot.path, finished)
  }
  const add = async () => {
    const paths = await choosePhotos(max - photos.length)
    const slots: PhotoSlot[] = paths.map((path) => ({ path, state: 'uploading', percent: 0 }))
    setPhotos((old) => [...old, ...slots])
    // One at a time: on a weak link parallel uploads only make each slower.
    for (const slot of slots) await upload(slot)
  }
  const uploaded = photos.flatMap((p) => (p.state === 'done' && p.media ? [p.media] : []))
  return { photos, uploaded, busy: photos.some((p) => p.state === 'uploading'), add, retry: upload }
}
