/** @jest-environment jsdom */
import { phone } from '../test-kit/mock-taro'
import { Text } from '@tarojs/components'
import type { FakeReply } from '@tianyuan/sdk/testing'
import { click, render, settle } from '../test-kit/render'
import { fakeServer, type FakeServer } from '../test-kit/sdk'
import { PhotoPicker, usePhotoSlots, type Photo } from '.'

beforeEach(() => phone.reset())

const A = 'wxfile://tmp/a.jpg'
const B = 'wxfile://tmp/b.jpg'
const DRAFT: Photo = { id: 'draft-photo-0123456789', width: 640, height: 480, thumbhash: '' }

/** A form as an app writes one: the picker, and what it would send. */
function Form({ max = 9, initial }: { max?: number; initial?: Photo[] }) {
  const slots = usePhotoSlots(max, { initial })
  return (
    <>
      <PhotoPicker slots={slots} max={max} />
      <Text id='uploaded'>{slots.uploaded.map((p) => p.id).join(',')}</Text>
      <Text id='busy'>{slots.busy ? '上传中' : '空闲'}</Text>
    </>
  )
}

/** The server keeps the next upload until `release()`. */
function holdNextUpload(server: FakeServer) {
  let release!: (reply?: FakeReply) => void
  server.mediaAnswers.push(
    new Promise<FakeReply>((resolve) => {
      release = (reply) => resolve(reply ?? { status: 201, body: { id: 'held-photo-0123456789', width: 800, height: 600, thumbhash: '' } })
    }),
  )
  return { release: (reply?: FakeReply) => settle(() => release(reply)) }
}

const states = (ui: ReturnType<typeof render>) => Array.from(ui.container.querySelectorAll('[id$="-state"]'), (el) => el.textContent)

describe('PhotoPicker with usePhotoSlots', () => {
  it('uploads a photo from the camera with its progress in words, then shows it from the provider’s origin', async () => {
    const server = fakeServer([A])
    await server.sdk.auth.ensureLogin()
    phone.chosen = [A]
    const held = holdNextUpload(server)
    const ui = render(server.wrap(<Form max={3} />))
    expect(ui.text('#add-photos')).toBe('拍照或从相册选')

    click(ui.get('#add-photos'))
    await settle()
    expect(phone.chooseCounts).toEqual([3])
    // The whole file has gone; the server has not answered yet.
    expect(ui.text('#photo-0-state')).toBe('第 1 张：正在上传 100%')
    expect(ui.text('#busy')).toBe('上传中')
    expect(server.uploads[0]?.url).toBe('https://api.test/api/media')
    expect(server.uploads[0]?.headers.authorization).toBe('Bearer token-1')

    await held.release()
    expect(ui.text('#photo-0-state')).toBe('第 1 张：已上传')
    expect(ui.text('#uploaded')).toBe('held-photo-0123456789')
    expect(ui.text('#busy')).toBe('空闲')
    expect(ui.get('#photo-0 .ty-photo__thumb img').getAttribute('src')).toMatch(/^https:\/\/api\.test\/api\/media\/held-photo-0123456789\?/)
    expect(ui.container.querySelector('#photo-0-retry')).toBeNull()
  })

  it('says why a photo failed and 重试 sends it again with the same Idempotency-Key', async () => {
    const server = fakeServer([A])
    server.mediaAnswers.push({ status: 413, body: { code: 'TOO_LARGE', message: '照片太大了，请换一张' } })
    phone.chosen = [A]
    const ui = render(server.wrap(<Form />))
    click(ui.get('#add-photos'))
    await settle()
    expect(ui.text('#photo-0-state')).toBe('第 1 张没有传上去：照片太大了，请换一张')
    expect(ui.get('#photo-0-state').className).toContain('ty-photo__state--failed')
    expect(ui.text('#uploaded')).toBe('')

    click(ui.get('#photo-0-retry'))
    await settle()
    expect(ui.text('#photo-0-state')).toBe('第 1 张：已上传')
    expect(ui.text('#uploaded')).toBe('photo-1-0123456789abcdef')
    const keys = server.uploads.map((u) => u.headers['idempotency-key'])
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
  })

  it('shows a saved draft’s photos as uploaded, counts them against max, and takes a draft read after the first render', async () => {
    const server = fakeServer([A])
    phone.chosen = [A]
    const ui = render(server.wrap(<Form max={2} />))
    expect(states(ui)).toEqual([])

    ui.rerender(server.wrap(<Form max={2} initial={[DRAFT]} />))
    expect(states(ui)).toEqual(['第 1 张：已上传'])
    expect(ui.text('#uploaded')).toBe(DRAFT.id)

    click(ui.get('#add-photos'))
    await settle()
    expect(phone.chooseCounts).toEqual([1])
    expect(states(ui)).toEqual(['第 1 张：已上传', '第 2 张：已上传'])
    expect(ui.text('#uploaded')).toBe(`${DRAFT.id},photo-1-0123456789abcdef`)
    expect(server.uploads).toHaveLength(1) // the draft's photo is not sent again
    expect(ui.container.querySelector('#add-photos')).toBeNull() // 2 of 2

    // A later change of `initial` (the draft saved again) does not duplicate the photos.
    ui.rerender(server.wrap(<Form max={2} initial={[DRAFT]} />))
    expect(states(ui)).toHaveLength(2)
  })

  it('删除 takes a photo out and makes room for another', async () => {
    const server = fakeServer([A])
    phone.chosen = [A]
    const ui = render(server.wrap(<Form max={2} initial={[DRAFT]} />))
    click(ui.get('#add-photos'))
    await settle()
    expect(ui.container.querySelector('#add-photos')).toBeNull()

    click(ui.get('#photo-0-remove'))
    expect(states(ui)).toEqual(['第 1 张：已上传'])
    expect(ui.text('#uploaded')).toBe('photo-1-0123456789abcdef')
    expect(ui.text('#photo-0-remove')).toBe('删除')
    expect(ui.container.querySelector('#add-photos')).not.toBeNull()
  })

  it('删除 during an upload stops it, and a photo still waiting its turn is never sent', async () => {
    const server = fakeServer([A, B, 'wxfile://tmp/c.jpg'])
    phone.chosen = [A, B, 'wxfile://tmp/c.jpg']
    holdNextUpload(server) // A reaches the server and gets no answer
    const ui = render(server.wrap(<Form />))
    click(ui.get('#add-photos'))
    await settle()
    expect(states(ui)).toEqual(['第 1 张：正在上传 100%', '第 2 张：正在上传 0%', '第 3 张：正在上传 0%'])

    click(ui.get('#photo-1-remove')) // B, waiting
    click(ui.get('#photo-0-remove')) // A, on its way
    await settle()
    await settle()
    expect(states(ui)).toEqual(['第 1 张：已上传'])
    expect(server.uploads.map((u) => u.file?.path)).toEqual([A, 'wxfile://tmp/c.jpg'])
    expect(ui.text('#uploaded')).toBe('photo-1-0123456789abcdef')
    expect(ui.text('#busy')).toBe('空闲')
  })

  it('keeps `uploaded` the same array across renders that change no slot (safe in an effect’s dependencies)', () => {
    const server = fakeServer()
    const seen: Photo[][] = []
    function Draft({ label }: { label: string }) {
      const slots = usePhotoSlots(9, { initial: [DRAFT] })
      seen.push(slots.uploaded)
      return <Text>{label}</Text>
    }
    const ui = render(server.wrap(<Draft label='a' />))
    ui.rerender(server.wrap(<Draft label='b' />))
    expect(seen.length).toBeGreaterThanOrEqual(2)
    expect(new Set(seen).size).toBe(1)
  })

  it('does nothing when the user backs out of the camera', async () => {
    const server = fakeServer()
    const ui = render(server.wrap(<Form />))
    click(ui.get('#add-photos'))
    await settle()
    expect(states(ui)).toEqual([])
    expect(server.uploads).toHaveLength(0)
  })
})
