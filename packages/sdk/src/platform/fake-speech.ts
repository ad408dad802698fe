import { speechFrom } from '../speech/pieces'
import type { Speech } from './types'

/**
 * A voice the test drives (`createFakePlatform({ speech: true })`): the real piece-by-piece
 * reader over a scripted voice. Each piece plays until the test calls `finishPiece()` (or
 * `failPiece()`); `spoken` lists the pieces that started, `stops` the stops that cut one short.
 */
export class FakeSpeech {
  /** Whether a voice is there (`available()`): false is a browser without a zh-CN voice. */
  hasVoice = true
  /** Pieces that started playing, in order. */
  readonly spoken: string[] = []
  /** Pieces prepared (synthesized) — one ahead of the one playing. */
  readonly prepared: string[] = []
  /** How many times a playing piece was stopped. */
  stops = 0
  private current?: { resolve: () => void; reject: (error: Error) => void }
  readonly speech: Speech

  constructor() {
    this.speech = speechFrom({
      failureMessage: '朗读没有成功，请再试一次',
      available: async () => this.hasVoice,
      prepare: async (piece) => {
        this.prepared.push(piece)
      },
      play: (piece) => {
        this.spoken.push(piece)
        const ended = new Promise<void>((resolve, reject) => (this.current = { resolve, reject }))
        return {
          ended,
          stop: () => {
            this.stops++
            this.end()
          },
        }
      },
    })
  }

  /** A piece is being read now. */
  get speaking(): boolean {
    return this.current !== undefined
  }

  /** The piece being read ends; the next one starts. */
  finishPiece(): void {
    this.end()
  }

  /** The voice fails on the piece being read. */
  failPiece(message = 'scripted failure'): void {
    const current = this.current
    this.current = undefined
    current?.reject(new Error(message))
  }

  private end(): void {
    const current = this.current
    this.current = undefined
    current?.resolve()
  }
}
