// A real SDK (createSdk) over the SDK's fake platform, for the components that read the
// SdkProvider: sign-in and photo upload. The server is a few lines here — login and the media
// upload — and a test can replace any answer with `server.answer`.
import { createSdk, type Sdk } from '@tianyuan/sdk'
import { NetImageProvider, SdkProvider } from '@tianyuan/sdk/react'
import { createFakePlatform, type FakePlatform, type FakeReply, type FakeRequest, type FakeStorage } from '@tianyuan/sdk/testing'
import type { ReactNode } from 'react'

/** The origin uploads go to and photos come from (NetImageProvider's baseUrl). */
export const API_ORIGIN = 'https://api.test'

export interface FakeServer {
  fake: FakePlatform
  sdk: Sdk
  /** Uploads that reached the server, in order (a retry that reached it again counts again). */
  uploads: FakeRequest[]
  /**
   * The next answers to POST /api/media, in order, before the default one (a stored photo,
   * `photo-<n>`): a reply, or a promise of one (the upload stays on the server until it settles).
   */
  mediaAnswers: (FakeReply | Promise<FakeReply>)[]
  /** The next answers to POST /api/auth/login, before the default one (a session). */
  loginAnswers: (FakeReply | Promise<FakeReply>)[]
  /** Children inside SdkProvider and NetImageProvider, as app.tsx puts them. */
  wrap(children: ReactNode): ReactNode
}

// Stopped after each test: the request client keeps network listeners and timers.
const made = new Set<Sdk>()
afterEach(() => {
  for (const sdk of made) sdk.dispose()
  made.clear()
})

/** A photo the test "took": a local file the fake platform can measure and upload. */
export const PHOTO_FILE = { bytes: 120_000, width: 800, height: 600 }

/**
 * The SDK starts by reading the stored session (status 'loading'); `await sdk.auth.ready`, or
 * render and `settle()`, to see it signed out. `files`: local photo paths the camera can return.
 */
export interface FakeServerOptions {
  /** More of the API: answers a request (undefined: not this route, fall through to login/media/404). */
  routes?: (req: FakeRequest) => FakeReply | Promise<FakeReply> | undefined
  /** The phone has a voice (`platform.speech`, driven through `fake.speech`). */
  speech?: boolean
  /** The phone's storage: pass the one of an earlier fakeServer to simulate a restart. */
  storage?: FakeStorage
}

export function fakeServer(files: string[] = [], options: FakeServerOptions = {}): FakeServer {
  const uploads: FakeRequest[] = []
  const mediaAnswers: (FakeReply | Promise<FakeReply>)[] = []
  const loginAnswers: (FakeReply | Promise<FakeReply>)[] = []
  let photos = 0
  const fake = createFakePlatform({
    files: Object.fromEntries(files.map((path) => [path, PHOTO_FILE])),
    speech: options.speech,
    storage: options.storage,
    handler: async (req) => {
      const answered = options.routes?.(req)
      if (answered) return answered
      const route = `${req.method} ${req.path}`
      if (route === 'POST /api/auth/login') {
        return (
          loginAnswers.shift() ?? {
            body: { token: 'token-1', expiresAt: '2026-12-28T12:00:00+08:00', user: { id: 'u1', nickname: null, avatarMediaId: null, phone: null, createdAt: '2026-11-28T12:00:00+08:00' } },
          }
        )
      }
      if (route === 'POST /api/media') {
        uploads.push(req)
        const scripted = mediaAnswers.shift()
        if (scripted) return scripted
        const n = ++photos
        return { status: 201, body: { id: `photo-${n}-0123456789abcdef`, width: 800, height: 600, thumbhash: '', mime: 'image/jpeg', bytes: 120_000, createdAt: '2026-11-28T12:00:00+08:00' } }
      }
      return { status: 404, body: { code: 'NOT_FOUND', message: '没有这个接口' } }
    },
  })
  fake.setLoginCodes(() => 'wx-code')
  const sdk = createSdk({ platform: fake.platform, baseUrl: `${API_ORIGIN}/api`, namespace: 'ui-test', random: () => 0.5 })
  made.add(sdk)
  return {
    fake,
    sdk,
    uploads,
    mediaAnswers,
    loginAnswers,
    wrap: (children) => (
      <SdkProvider sdk={sdk}>
        <NetImageProvider baseUrl={API_ORIGIN} platform={fake.platform} network={sdk.api.network}>
          {children}
        </NetImageProvider>
      </SdkProvider>
    ),
  }
}
