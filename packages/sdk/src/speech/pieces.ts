import { SdkError } from '../errors/sdk-error'
import type { Speech, SpeakOptions } from '../platform/types'

/**
 * The longest piece read in one go. WeChat's 同声传译 plugin refuses long text (its
 * textToSpeech takes about 1,000 bytes, ~330 Chinese characters, and blog reports say 200),
 * browsers stop long utterances on their own (Chrome after ~15 s), and a short first piece
 * starts sooner on 2G: so a sentence, or a clause of a long one.
 */
export const SPEECH_PIECE_MAX_CHARS = 80

const SENTENCE_END = /[^。！？!?；;\n]*[。！？!?；;\n]+|[^。！？!?；;\n]+$/g
const CLAUSE_END = /[^，,、：:]*[，,、：:]+|[^，,、：:]+$/g

/**
 * Text → the pieces read one at a time: whole sentences (。！？；, line ends), a sentence longer
 * than `max` cut at its commas, a clause still longer cut every `max` characters. Blank pieces
 * are dropped; nothing of the text is lost.
 */
export function speechPieces(text: string, max = SPEECH_PIECE_MAX_CHARS): string[] {
  const pieces: string[] = []
  for (const sentence of text.match(SENTENCE_END) ?? []) {
    if (sentence.length <= max) {
      pieces.push(sentence)
      continue
    }
    let current = ''
    for (const clause of sentence.match(CLAUSE_END) ?? []) {
      if (current.length + clause.length <= max) {
        current += clause
        continue
      }
      if (current) pieces.push(current)
      let rest = clause
      while (rest.length > max) {
        pieces.push(rest.slice(0, max))
        rest = rest.slice(max)
      }
      current = rest
    }
    if (current) pieces.push(current)
  }
  return pieces.map((p) => p.trim()).filter((p) => /[0-9A-Za-z\u3400-\u9fff]/.test(p))
}

/** One piece playing: `ended` settles when it has been read (or was stopped). */
export interface PiecePlayback {
  ended: Promise<void>
  stop(): void
}

/**
 * What a host's voice does, one piece at a time; `speechFrom` reads a whole text with it.
 * `prepare` may do slow work ahead (WeChat: synthesize the piece into an audio file on
 * WeChat's server) — the next piece is prepared while the current one plays, so there is no
 * silence between sentences on a slow link.
 */
export interface PieceVoice<P = unknown> {
  available(): Promise<boolean>
  prepare(piece: string): Promise<P>
  play(piece: string, prepared: P): PiecePlayback
  /** What a failure says to the user (zh-CN). */
  failureMessage: string
}

/** A Speech over a piece voice: splits, prepares one ahead, plays in order, stops at once. */
export function speechFrom<P>(voice: PieceVoice<P>, maxChars = SPEECH_PIECE_MAX_CHARS): Speech {
  let run = 0
  let playing: PiecePlayback | undefined
  const stop = () => {
    run++
    playing?.stop()
    playing = undefined
  }
  return {
    available: () => voice.available(),
    stop,
    async speak(text: string, options: SpeakOptions = {}) {
      stop()
      const mine = run
      const pieces = speechPieces(text, maxChars)
      // Prepared lazily, one ahead; a failure surfaces when its piece's turn comes.
      const prepared: Promise<P>[] = []
      const prepare = (i: number) => {
        const piece = pieces[i]
        if (piece !== undefined && !prepared[i]) {
          const p = voice.prepare(piece)
          p.catch(() => undefined)
          prepared[i] = p
        }
        return prepared[i]
      }
      try {
        for (let i = 0; i < pieces.length; i++) {
          const ready = await prepare(i)
          if (run !== mine) return 'stopped'
          prepare(i + 1)
          options.onPiece?.(i, pieces.length)
          playing = voice.play(pieces[i] ?? '', ready as P)
          await playing.ended
          if (run !== mine) return 'stopped'
        }
        playing = undefined
        return 'done'
      } catch (cause) {
        if (run !== mine) return 'stopped'
        playing = undefined
        throw new SdkError({ code: 'failed', userMessage: voice.failureMessage, message: `speech: ${String((cause as Error)?.message ?? cause)}`, cause })
      }
    },
  }
}
