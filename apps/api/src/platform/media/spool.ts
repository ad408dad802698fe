import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { Busboy, type BusboyFileStream } from '@fastify/busboy'
import { AppError, errors } from '../errors'

/** An uploaded file written to a temp file as it arrived: never held in memory whole. */
export interface SpooledFile {
  /** The temp file; removed by dispose(). */
  path: string
  bytes: number
  /** sha256 of the file's bytes (hex), computed while they streamed in. */
  sha256: string
  /** The first bytes (up to 16), to decide the type from magic numbers. */
  head: Buffer
  dispose(): Promise<void>
}

export interface SpoolOptions {
  /** Folder for temp files (made if missing). */
  dir: string
  /** The one form field allowed, holding the file. */
  field: string
  /** More than this many file bytes → 413 as soon as they are crossed. */
  maxBytes: number
  /** The 413's message. */
  tooLargeMessage: string
}

const HEAD_BYTES = 16

/** 413 on a body that was not read to its end: the connection cannot carry another request. */
function tooLarge(message: string): AppError {
  return new AppError(413, 'PAYLOAD_TOO_LARGE', message, undefined, { Connection: 'close' })
}

/**
 * Reads a multipart/form-data body holding one file in `field` (and nothing else), streaming
 * the file to a temp file and hashing it on the way. The size limit is checked on every chunk:
 * past it the body is no longer read, the temp file is removed, and a 413 is thrown.
 * Other fields, a second file, a missing file or a broken body → 400 with what to do.
 */
export async function spoolMultipartFile(body: ReadableStream<Uint8Array> | null, contentType: string, options: SpoolOptions): Promise<SpooledFile> {
  const missingFile = () => errors.validation([{ field: options.field, message: '请选择一张照片（字段 file，只能一个）' }])
  const broken = () => errors.badRequest('上传的内容不完整，请重新上传')
  if (!body) throw missingFile()
  let parser: ReturnType<typeof Busboy>
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      // One more byte than allowed is enough to know the file is too large.
      limits: { files: 1, fileSize: options.maxBytes, fields: 20, fieldSize: 1024, parts: 21, headerPairs: 20 },
    })
  } catch {
    throw broken() // no boundary, or not multipart at all
  }
  await fs.mkdir(options.dir, { recursive: true })
  const tmpPath = path.join(options.dir, `${randomBytes(12).toString('hex')}.part`)
  const dispose = () => fs.rm(tmpPath, { force: true })
  const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>)

  return new Promise<SpooledFile>((resolve, reject) => {
    let settled = false
    const unknownFields = new Set<string>()
    let secondFile = false
    let written: Promise<{ bytes: number; sha256: string; head: Buffer }> | null = null
    let fileStream: BusboyFileStream | null = null

    const fail = (error: unknown) => {
      if (settled) return
      settled = true
      // Stop reading: a body past the limit is not taken in, whatever its size.
      source.destroy()
      parser.destroy()
      fileStream?.destroy()
      // The temp file is removed once its writer has closed (it may still be opening it).
      void Promise.allSettled([written])
        .then(dispose)
        .finally(() => reject(error))
    }

    parser.on('file', (name: string, stream: BusboyFileStream) => {
      if (name !== options.field) unknownFields.add(name)
      else if (written) secondFile = true
      else {
        fileStream = stream
        written = writeHashed(stream, tmpPath, () => fail(tooLarge(options.tooLargeMessage)))
        written.catch((error: unknown) => fail(error instanceof AppError ? error : broken()))
        return
      }
      stream.resume() // not kept: read past it
    })
    parser.on('field', (name: string) => unknownFields.add(name))
    parser.on('filesLimit', () => {
      secondFile = true
    })
    parser.on('partsLimit', () => fail(broken()))
    parser.on('fieldsLimit', () => fail(broken()))
    parser.on('error', () => fail(broken()))
    source.on('error', () => fail(broken()))
    parser.on('finish', () => {
      void (async () => {
        if (settled) return
        const file = await written
        if (settled) return
        if (unknownFields.size) {
          const names = [...unknownFields].join(', ')
          return fail(errors.validation([{ field: names, message: `不认识的字段 ${names}，请去掉后再提交` }]))
        }
        if (!file || secondFile) return fail(missingFile())
        settled = true
        resolve({ path: tmpPath, ...file, dispose })
      })().catch(() => fail(broken()))
    })
    source.pipe(parser)
  })
}

/** Writes the stream to `file`, counting and hashing as it goes; calls onLimit when busboy cuts it. */
async function writeHashed(stream: BusboyFileStream, file: string, onLimit: () => void): Promise<{ bytes: number; sha256: string; head: Buffer }> {
  const hash = createHash('sha256')
  let bytes = 0
  let head = Buffer.alloc(0)
  stream.on('limit', onLimit)
  await pipeline(
    stream,
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length
        hash.update(chunk)
        if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)])
        done(null, chunk)
      },
    }),
    createWriteStream(file, { flags: 'wx' }),
  )
  return { bytes, sha256: hash.digest('hex'), head }
}
