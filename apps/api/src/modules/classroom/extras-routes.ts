import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  AnswerQuestionRequest,
  AskQuestionRequest,
  CertificateCode,
  CertificateRequest,
  ClassroomId,
  MyQuestionsQuery,
  TeacherQuestionsQuery,
  type CertificateResponse,
  type CertificatesResponse,
  type CertificateVerificationResponse,
  type QuestionResponse,
} from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { AppError } from '../../platform/errors'
import { readJson, readQuery, validate } from '../../platform/validation'
import { certificateErrors, certificateImageById, issueCertificate, myCertificate, myCertificates, verifyCertificate } from './certificates'
import { answerQuestion, askQuestion, getQuestion, myQuestions, questionErrors, teacherQuestions, type QuestionDeps } from './questions'
import { classroomErrors } from './shared'
import { teacherIdOf } from './teacher'

// Certificates and questions to the teacher, mounted inside the classroom's router (/api/classroom).

const NoQuery = z.strictObject({})
const CodeParam = z.strictObject({ code: CertificateCode })
const IMAGE_FILE = /^([0-9a-f]{20})\.png$/
const IMMUTABLE = 'public, max-age=31536000, immutable'

function idParam(c: Context<AppEnv>, notFound: () => Error): string {
  const raw = c.req.param('id') ?? ''
  if (!ClassroomId.safeParse(raw).success) throw notFound()
  return raw
}

/**
 * The API's public address as the caller reached it, for the QR code's verification link: behind a
 * TLS-terminating proxy, its X-Forwarded-Proto and X-Forwarded-Host (a host name, checked) win. A
 * caller who forges them only changes the picture they are served: nothing is stored by origin.
 */
export function originOf(c: Context<AppEnv>): string {
  const url = new URL(c.req.url)
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim()
  const scheme = proto === 'https' || proto === 'http' ? proto : url.protocol.replace(':', '')
  return `${scheme}://${host && /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(host) ? host : url.host}`
}

/** A phone's or computer's browser that scanned the QR code (it asks for HTML); the app asks for JSON. */
const wantsHtml = (c: Context<AppEnv>) => /text\/html/.test(c.req.header('accept') ?? '')

const escapeHtml = (s: string) => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`)

function verificationPage(title: string, rows: Array<[string, string]>): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:20px/1.6 sans-serif;margin:24px;color:#2b2b22;background:#fbf7ea}h1{color:#2f6b3a;font-size:28px}dt{color:#6b6b5a;font-size:16px}dd{margin:0 0 12px}</style></head>
<body><h1>${escapeHtml(title)}</h1><dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl></body></html>`
}

export function classroomExtrasRoutes(deps: QuestionDeps) {
  const teacher = async (c: Context<AppEnv>) => {
    const { userId } = signedIn(c)
    return { userId, teacherId: await teacherIdOf(deps.db, userId) }
  }
  return (
    new Hono<AppEnv>()
      // ---------------------------------------------------------------- certificates
      .post('/courses/:id/certificate', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        // The body is optional ({ name } to print a real name instead of the nickname).
        const body = (await c.req.text()).trim() === '' ? {} : await readJson(c, CertificateRequest)
        const { created, certificate } = await issueCertificate(deps, signedIn(c).userId, id, body, originOf(c))
        const result: CertificateResponse = { certificate }
        return c.json(result, created ? 201 : 200)
      })
      .get('/courses/:id/certificate', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        readQuery(c, NoQuery)
        const result: CertificateResponse = { certificate: await myCertificate(deps, signedIn(c).userId, id, originOf(c)) }
        return c.json(result)
      })
      .get('/my/certificates', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const result: CertificatesResponse = { items: await myCertificates(deps, signedIn(c).userId, originOf(c)) }
        return c.json(result)
      })
      // Public: anyone with a code (typed, or the QR code scanned) checks it.
      .get('/certificates/verify/:code', async (c) => {
        readQuery(c, NoQuery)
        const { code } = validate(CodeParam, { code: c.req.param('code') })
        try {
          const certificate = await verifyCertificate(deps, code)
          if (wantsHtml(c)) {
            return c.html(
              verificationPage('田间课堂 · 结业证书查验：真实有效', [
                ['证书编号', certificate.code],
                ['学员', certificate.holderName],
                ['课程', certificate.courseTitle],
                ['讲师', `${certificate.teacherName}（${certificate.teacherOrg}）`],
                ['结业日期', certificate.completedOn],
              ]),
            )
          }
          const result: CertificateVerificationResponse = { certificate }
          return c.json(result)
        } catch (error) {
          if (error instanceof AppError && error.status === 404 && wantsHtml(c)) return c.html(verificationPage('田间课堂 · 结业证书查验', [['结果', error.message]]), 404)
          throw error
        }
      })
      // Public by its random id (the holder shares it); the file name is the hash of what is drawn.
      .get('/certificate-images/:id/:file', async (c) => {
        const id = idParam(c, certificateErrors.imageNotFound)
        const file = IMAGE_FILE.exec(c.req.param('file'))
        if (!file) throw certificateErrors.imageNotFound()
        const image = await certificateImageById(deps, id, originOf(c))
        // The drawing changed (or the API moved): the current address.
        if (file[1] !== image.hash) return c.redirect(image.path, 301)
        const etag = `"${image.hash}"`
        const headers = { ETag: etag, 'Cache-Control': IMMUTABLE }
        const ifNoneMatch = c.req.header('if-none-match')
        if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return c.body(null, 304, headers)
        return c.body(new Uint8Array(image.bytes), 200, { ...headers, 'Content-Type': 'image/png', 'Content-Length': String(image.bytes.length) })
      })

      // ---------------------------------------------------------------- questions (the asker's side)
      .post('/lessons/:id/questions', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.lessonNotFound)
        const body = await readJson(c, AskQuestionRequest)
        const result: QuestionResponse = { question: await askQuestion(deps, signedIn(c).userId, id, body) }
        return c.json(result, 201)
      })
      .get('/my/questions', requireUser, async (c) => {
        const query = readQuery(c, MyQuestionsQuery)
        return c.json(await myQuestions(deps, signedIn(c).userId, query))
      })
      .get('/questions/:id', requireUser, async (c) => {
        const id = idParam(c, questionErrors.notFound)
        readQuery(c, NoQuery)
        const result: QuestionResponse = { question: await getQuestion(deps, signedIn(c).userId, id) }
        return c.json(result)
      })

      // ---------------------------------------------------------------- questions (the teacher's side)
      .get('/teacher/questions', requireUser, async (c) => {
        const query = readQuery(c, TeacherQuestionsQuery)
        const { teacherId } = await teacher(c)
        return c.json(await teacherQuestions(deps, teacherId, query))
      })
      .post('/teacher/questions/:id/answer', requireUser, async (c) => {
        const id = idParam(c, questionErrors.notFound)
        const body = await readJson(c, AnswerQuestionRequest)
        const { userId, teacherId } = await teacher(c)
        const result: QuestionResponse = { question: await answerQuestion(deps, userId, teacherId, id, body) }
        return c.json(result)
      })
  )
}
