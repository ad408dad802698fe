import { createHash, randomBytes } from 'node:crypto'
import QRCode from 'qrcode'
import sharp from 'sharp'
import {
  CERTIFICATE_CODE_ALPHABET,
  CERTIFICATE_CODE_LENGTH,
  formatCertificateCode,
  maskHolderName,
  shanghaiDate,
  toShanghaiIso,
  type Certificate,
  type CertificateRequest,
  type CertificateVerification,
} from '@tianyuan/contracts'
import { AppError, errors } from '../../platform/errors'
import { newId } from '../../platform/ids'
import { classroomExtrasDb, type CertificateRow } from './extras-schema'
import { courseCompletedBy, courseProgressOf } from './progress'
import { classroomErrors, isUniqueViolation, type ClassroomDeps } from './shared'
import { coursesWithTeacher, type CourseWithTeacher } from './views'

// Certificates of completed courses. One per learner and course: the unique (user, course) pair
// makes concurrent requests end with one row, and every request answers that row. What it says
// (names, title, the day) is copied when issued, so the certificate never changes afterwards.
// The code is random (crypto) from an alphabet without look-alike characters; the image is drawn
// from SVG by sharp (librsvg, WenQuanYi Micro Hei for Chinese) when first asked for, kept in a
// small in-process cache, and addressed by a hash of everything drawn on it (immutable caching).

/** Bumped when the drawing changes: every image's address changes with it. */
const DRAWING_VERSION = 1
const WIDTH = 600
const HEIGHT = 840
const IMAGE_CACHE_SIZE = 64
const QR_BOX = 168
/** Where the QR code's modules are drawn (inside a white box with an 8 px quiet zone): the test reads them back. */
export const CERTIFICATE_QR_AREA = { x: WIDTH - 56 - QR_BOX + 8, y: HEIGHT - 64 - QR_BOX + 8, width: QR_BOX - 16 }

export const certificateErrors = {
  notFound: () => errors.notFound('还没有领取这门课的结业证书'),
  codeNotFound: () => errors.notFound('没有找到这个证书编号，请对照证书核对后重新输入'),
  imageNotFound: () => errors.notFound('没有找到这张证书图片'),
  notCompleted: (left: number, total: number) =>
    new AppError(409, 'CONFLICT', `学完全部 ${total} 节课才能领取结业证书，您还差 ${left} 节。学完的课时在课程页会打勾`),
}

/** A random code of CERTIFICATE_CODE_LENGTH characters (rejection sampling: every character equally likely). */
export function newCertificateCode(): string {
  const n = CERTIFICATE_CODE_ALPHABET.length
  const limit = 256 - (256 % n)
  let code = ''
  while (code.length < CERTIFICATE_CODE_LENGTH) {
    for (const byte of randomBytes(16)) {
      if (byte < limit && code.length < CERTIFICATE_CODE_LENGTH) code += CERTIFICATE_CODE_ALPHABET[byte % n]
    }
  }
  return code
}

/** Where a code is verified (the QR code's address): the API's own public route, under the caller's origin. */
export function verifyUrlOf(origin: string, code: string): string {
  return `${origin}/api/classroom/certificates/verify/${formatCertificateCode(code)}`
}

/** The hash of everything drawn on the image: its address and ETag. */
function drawingHash(row: CertificateRow, origin: string): string {
  const drawn = [DRAWING_VERSION, row.code, row.holder_name, row.course_title, row.teacher_name, row.teacher_org, Number(row.completed_at), verifyUrlOf(origin, row.code)]
  return createHash('sha256').update(JSON.stringify(drawn)).digest('hex').slice(0, 20)
}

export function imagePathOf(row: CertificateRow, origin: string): string {
  return `/api/classroom/certificate-images/${row.id}/${drawingHash(row, origin)}.png`
}

async function toCertificate(row: CertificateRow, origin: string): Promise<Certificate> {
  const image = await certificateImage(row, origin)
  return {
    id: row.id,
    code: formatCertificateCode(row.code),
    courseId: row.course_id,
    courseTitle: row.course_title,
    teacherName: row.teacher_name,
    teacherOrg: row.teacher_org,
    holderName: row.holder_name,
    completedOn: shanghaiDate(Number(row.completed_at)),
    issuedAt: toShanghaiIso(Number(row.issued_at)),
    imageUrl: imagePathOf(row, origin),
    imageBytes: image.bytes.length,
    verifyUrl: verifyUrlOf(origin, row.code),
  }
}

async function published(deps: ClassroomDeps, userId: string, courseId: string): Promise<CourseWithTeacher> {
  const course = (await coursesWithTeacher(deps.db).where('c.id', '=', courseId).executeTakeFirst()) as CourseWithTeacher | undefined
  if (!course || (course.status !== 'published' && course.teacher_user_id !== userId)) throw classroomErrors.courseNotFound()
  return course
}

function findCertificate(deps: ClassroomDeps, userId: string, courseId: string) {
  return classroomExtrasDb(deps.db).selectFrom('classroom_certificates').selectAll().where('user_id', '=', userId).where('course_id', '=', courseId).executeTakeFirst()
}

/**
 * `POST /api/classroom/courses/:id/certificate`: issues the learner's certificate of a completed
 * course, or answers the one already issued (`created: false`; the name given then is ignored).
 */
export async function issueCertificate(
  deps: ClassroomDeps,
  userId: string,
  courseId: string,
  body: CertificateRequest,
  origin: string,
): Promise<{ created: boolean; certificate: Certificate }> {
  const course = await published(deps, userId, courseId)
  const existing = await findCertificate(deps, userId, courseId)
  if (existing) return { created: false, certificate: await toCertificate(existing, origin) }
  const completion = await courseCompletedBy(deps.db, userId, courseId)
  if (!completion.completed || completion.completedAt === null) {
    const progress = (await courseProgressOf(deps.db, userId, [courseId])).get(courseId)
    const total = progress?.totalLessons ?? 0
    throw certificateErrors.notCompleted(Math.max(1, total - (progress?.doneLessons ?? 0)), total)
  }
  const user = await deps.db.selectFrom('users').select('nickname').where('id', '=', userId).executeTakeFirst()
  const name = (body.name ?? user?.nickname ?? '').trim()
  if (name === '') throw classroomErrors.field('name', '请填写证书上的姓名（微信昵称是空的）')
  const db = classroomExtrasDb(deps.db)
  // A code already taken (about 1 in 10^14 per try) is drawn again.
  for (let attempt = 0; ; attempt++) {
    try {
      const inserted = await db
        .insertInto('classroom_certificates')
        .values({
          id: newId(),
          code: newCertificateCode(),
          user_id: userId,
          course_id: courseId,
          holder_name: name,
          course_title: course.title,
          teacher_name: course.teacher_name,
          teacher_org: course.teacher_org,
          completed_at: completion.completedAt,
          issued_at: deps.now(),
        })
        .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
        .returning('id')
        .executeTakeFirst()
      const row = await findCertificate(deps, userId, courseId)
      if (!row) throw new Error('certificate vanished after insert')
      return { created: inserted !== undefined, certificate: await toCertificate(row, origin) }
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue
      throw error
    }
  }
}

/** `GET /api/classroom/courses/:id/certificate`: the learner's own (404 until issued). */
export async function myCertificate(deps: ClassroomDeps, userId: string, courseId: string, origin: string): Promise<Certificate> {
  const row = await findCertificate(deps, userId, courseId)
  if (!row) throw certificateErrors.notFound()
  return toCertificate(row, origin)
}

/** `GET /api/classroom/my/certificates`: newest first. */
export async function myCertificates(deps: ClassroomDeps, userId: string, origin: string): Promise<Certificate[]> {
  const rows = await classroomExtrasDb(deps.db).selectFrom('classroom_certificates').selectAll().where('user_id', '=', userId).orderBy('issued_at', 'desc').orderBy('id').limit(200).execute()
  const result: Certificate[] = []
  for (const row of rows) result.push(await toCertificate(row, origin))
  return result
}

/** `GET /api/classroom/certificates/verify/:code`: public; the holder's name masked. */
export async function verifyCertificate(deps: ClassroomDeps, code: string): Promise<CertificateVerification> {
  const row = await classroomExtrasDb(deps.db).selectFrom('classroom_certificates').selectAll().where('code', '=', code).executeTakeFirst()
  if (!row) throw certificateErrors.codeNotFound()
  return {
    valid: true,
    code: formatCertificateCode(row.code),
    holderName: maskHolderName(row.holder_name),
    courseTitle: row.course_title,
    teacherName: row.teacher_name,
    teacherOrg: row.teacher_org,
    completedOn: shanghaiDate(Number(row.completed_at)),
  }
}

// ---------------------------------------------------------------- the image

export interface CertificateImage {
  /** Also the ETag (quoted by the route) and the file name in the address. */
  hash: string
  bytes: Buffer
}

const cache = new Map<string, Promise<Buffer>>()

/** The image of a certificate row: drawn once per process and address (at most IMAGE_CACHE_SIZE kept). */
export async function certificateImage(row: CertificateRow, origin: string): Promise<CertificateImage> {
  const hash = drawingHash(row, origin)
  let bytes = cache.get(hash)
  if (!bytes) {
    bytes = drawCertificate(row, origin)
    cache.set(hash, bytes)
    bytes.catch(() => cache.delete(hash))
    while (cache.size > IMAGE_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  }
  return { hash, bytes: await bytes }
}

/** `GET /api/classroom/certificate-images/:id/:hash.png` (public: the id is random, 128 bits). */
export async function certificateImageById(deps: ClassroomDeps, id: string, origin: string): Promise<CertificateImage & { path: string }> {
  const row = await classroomExtrasDb(deps.db).selectFrom('classroom_certificates').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw certificateErrors.imageNotFound()
  return { ...(await certificateImage(row, origin)), path: imagePathOf(row, origin) }
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** Splits text into lines of at most `perLine` characters (Chinese has no spaces to break at). */
function wrap(text: string, perLine: number, maxLines: number): string[] {
  const chars = [...text]
  const lines: string[] = []
  for (let i = 0; i < chars.length && lines.length < maxLines; i += perLine) lines.push(chars.slice(i, i + perLine).join(''))
  if (chars.length > perLine * maxLines) lines[maxLines - 1] = `${[...lines[maxLines - 1]!].slice(0, perLine - 1).join('')}…`
  return lines
}

/** The QR code as one SVG path of unit squares, `size` modules wide (margin drawn by the caller). */
function qrPath(text: string): { d: string; size: number } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  let d = ''
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) d += `M${c} ${r}h1v1h-1z`
  }
  return { d, size: modules.size }
}

function dateWords(ms: number): string {
  const [y, m, d] = shanghaiDate(ms).split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

async function drawCertificate(row: CertificateRow, origin: string): Promise<Buffer> {
  const font = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif"
  const green = '#2f6b3a'
  const ink = '#2b2b22'
  const title = wrap(`《${row.course_title}》`, 15, 2)
  const qr = qrPath(verifyUrlOf(origin, row.code))
  const qrBox = QR_BOX
  const qrX = CERTIFICATE_QR_AREA.x - 8
  const qrY = CERTIFICATE_QR_AREA.y - 8
  const teacher = wrap(`讲师：${row.teacher_name}`, 18, 1)[0]!
  const org = wrap(row.teacher_org, 18, 1)[0] ?? ''
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
  <rect width="${WIDTH}" height="${HEIGHT}" fill="#fbf7ea"/>
  <rect x="16" y="16" width="${WIDTH - 32}" height="${HEIGHT - 32}" fill="none" stroke="${green}" stroke-width="6"/>
  <rect x="28" y="28" width="${WIDTH - 56}" height="${HEIGHT - 56}" fill="none" stroke="${green}" stroke-width="2"/>
  <g font-family="${font}" fill="${ink}" text-anchor="middle">
    <text x="${WIDTH / 2}" y="96" font-size="24" fill="${green}">田间课堂</text>
    <text x="${WIDTH / 2}" y="168" font-size="60" fill="${green}" letter-spacing="12">结业证书</text>
    <text x="${WIDTH / 2}" y="262" font-size="26">兹证明</text>
    <text x="${WIDTH / 2}" y="320" font-size="40">${escapeXml(row.holder_name)}</text>
    <line x1="160" y1="336" x2="${WIDTH - 160}" y2="336" stroke="${ink}" stroke-width="1"/>
    <text x="${WIDTH / 2}" y="392" font-size="26">已学完课程</text>
    ${title.map((line, i) => `<text x="${WIDTH / 2}" y="${440 + i * 40}" font-size="32" fill="${green}">${escapeXml(line)}</text>`).join('\n    ')}
    <text x="${WIDTH / 2}" y="${468 + title.length * 40}" font-size="26">全部课时，特发此证。</text>
  </g>
  <g font-family="${font}" fill="${ink}" font-size="22">
    <text x="56" y="${qrY + 30}">${escapeXml(teacher)}</text>
    <text x="56" y="${qrY + 62}" font-size="18">${escapeXml(org)}</text>
    <text x="56" y="${qrY + 104}">结业日期：${dateWords(Number(row.completed_at))}</text>
    <text x="56" y="${qrY + 146}">证书编号：${formatCertificateCode(row.code)}</text>
    <text x="56" y="${qrY + qrBox + 4}" font-size="16" fill="#6b6b5a">扫码或在田间课堂输入编号查验真伪</text>
  </g>
  <rect x="${qrX}" y="${qrY}" width="${qrBox}" height="${qrBox}" fill="#ffffff"/>
  <svg x="${CERTIFICATE_QR_AREA.x}" y="${CERTIFICATE_QR_AREA.y}" width="${CERTIFICATE_QR_AREA.width}" height="${CERTIFICATE_QR_AREA.width}" viewBox="0 0 ${qr.size} ${qr.size}" shape-rendering="crispEdges">
    <path d="${qr.d}" fill="#000000"/>
  </svg>
</svg>`
  // A 16-colour palette: flat colours, anti-aliased text and the QR code fit in it (≈ 4× smaller than RGB).
  return sharp(Buffer.from(svg)).png({ palette: true, colours: 16, compressionLevel: 9, effort: 10 }).toBuffer()
}
