import QRCode from 'qrcode'
import sharp from 'sharp'
import type { CertificateResponse, CertificatesResponse, CertificateVerificationResponse, ErrorBody, FieldIssue } from '@tianyuan/contracts'
import { CERTIFICATE_CODE_ALPHABET, maskHolderName } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { CERTIFICATE_QR_AREA, newCertificateCode } from './certificates'
import { classroomExtrasDb } from './extras-schema'
import { classroomDb } from './schema'
import { json, newCourse, newLearner, newTeacher, sendProgress, type TestTeacher, type TestUser } from './testing'

/**
 * Certificates of completed courses: refused until every lesson is done; issued once per learner
 * and course (also when the requests arrive together); verified by anyone with the code (the
 * holder's name masked; an unknown code 404); the image a small PNG with an immutable address.
 */
describeEachDatabase('classroom: certificates', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let teacher: TestTeacher
  let learner: TestUser
  let corn: Awaited<ReturnType<typeof newCourse>>

  const certUrl = (courseId: string) => `/api/classroom/courses/${courseId}/certificate`
  const readAll = (token: string, course: Awaited<ReturnType<typeof newCourse>>, tag: string) =>
    sendProgress(
      h,
      token,
      course.lessons.map((l, i) => ({ clientEventId: `${tag}-${i}-read0`, lessonId: l.id, at: '2026-11-28T12:00:00+08:00', positionS: 0, completedAt: '2026-11-28T12:00:00+08:00' })),
    )
  const errorOf = async (res: Response, status: number) => json<ErrorBody>(res, status)
  const fieldOf = (e: ErrorBody) => (e.details as { issues?: FieldIssue[] } | undefined)?.issues?.[0]?.field

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    teacher = await newTeacher(h)
    learner = await newLearner(h)
    corn = await newCourse(h, teacher, { title: '玉米合理密植与高产栽培' })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('no certificate before the course is completed: 409 saying how many lessons are left; none stored', async () => {
    await sendProgress(h, learner.token, [{ clientEventId: 'first-lesson-read0', lessonId: corn.lessons[0]!.id, at: '2026-11-28T12:00:00+08:00', positionS: 0, completedAt: '2026-11-28T12:00:00+08:00' }])
    const refused = await errorOf(await h.request('POST', certUrl(corn.course.id), { token: learner.token, json: { name: '王小明' } }), 409)
    expect(refused.message).toBe('学完全部 3 节课才能领取结业证书，您还差 2 节。学完的课时在课程页会打勾')
    expect((await errorOf(await h.request('GET', certUrl(corn.course.id), { token: learner.token }), 404)).message).toBe('还没有领取这门课的结业证书')
    const stored = await classroomExtrasDb(classroomDb(h.db.kysely)).selectFrom('classroom_certificates').selectAll().execute()
    expect(stored).toEqual([])
  })

  test('once completed: issued (201) with a code of the unambiguous alphabet; asking again answers the same (200)', async () => {
    await readAll(learner.token, corn, 'learner')
    // The learner has no WeChat nickname here: the name must be given.
    const noName = await errorOf(await h.request('POST', certUrl(corn.course.id), { token: learner.token }), 400)
    expect(fieldOf(noName)).toBe('name')
    const first = await json<CertificateResponse>(await h.request('POST', certUrl(corn.course.id), { token: learner.token, json: { name: '王小明' } }), 201)
    expect(first.certificate).toMatchObject({ courseId: corn.course.id, courseTitle: '玉米合理密植与高产栽培', holderName: '王小明', completedOn: '2026-11-28', teacherOrg: '洛川县农业技术推广站' })
    expect(first.certificate.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$/)
    expect(first.certificate.verifyUrl).toBe(`http://localhost/api/classroom/certificates/verify/${first.certificate.code}`)
    const again = await json<CertificateResponse>(await h.request('POST', certUrl(corn.course.id), { token: learner.token, json: { name: '别的名字' } }), 200)
    expect(again.certificate).toEqual(first.certificate)
    expect((await json<CertificateResponse>(await h.request('GET', certUrl(corn.course.id), { token: learner.token }), 200)).certificate).toEqual(first.certificate)
    expect((await json<CertificatesResponse>(await h.request('GET', '/api/classroom/my/certificates', { token: learner.token }), 200)).items).toEqual([first.certificate])
    // Behind the TLS proxy, the QR code's link is the public https address (and the image another drawing).
    const proxied = await json<CertificateResponse>(await h.request('GET', certUrl(corn.course.id), { token: learner.token, headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'api.tianyuan.example' } }), 200)
    expect(proxied.certificate.verifyUrl).toBe(`https://api.tianyuan.example/api/classroom/certificates/verify/${first.certificate.code}`)
    expect(proxied.certificate.imageUrl).not.toBe(first.certificate.imageUrl)
    const forged = await json<CertificateResponse>(await h.request('GET', certUrl(corn.course.id), { token: learner.token, headers: { 'X-Forwarded-Host': 'evil.example/"><script>' } }), 200)
    expect(forged.certificate.verifyUrl).toBe(first.certificate.verifyUrl)
    // Another learner has none; a stranger cannot ask for one.
    const other = await newLearner(h)
    await errorOf(await h.request('GET', certUrl(corn.course.id), { token: other.token }), 404)
    await errorOf(await h.request('POST', certUrl(corn.course.id), { token: other.token, json: { name: '李四' } }), 409)
    await errorOf(await h.request('POST', certUrl(corn.course.id), { json: { name: '李四' } }), 401)
  })

  test('requests arriving together issue one certificate: one 201, the others 200 with the same code', async () => {
    const racer = await newLearner(h)
    await readAll(racer.token, corn, 'racer')
    const responses = await Promise.all(Array.from({ length: 6 }, () => h.request('POST', certUrl(corn.course.id), { token: racer.token, json: { name: '赵大勇' } })))
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201])
    const codes = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as CertificateResponse).certificate.code)))
    expect(codes.size).toBe(1)
    const rows = await classroomExtrasDb(classroomDb(h.db.kysely)).selectFrom('classroom_certificates').select('code').where('user_id', '=', racer.userId).execute()
    expect(rows).toHaveLength(1)
  })

  test('anyone verifies a code (typed in any case, with or without the dash): the name masked; unknown → 404; malformed → 400 naming the code', async () => {
    const mine = (await json<CertificateResponse>(await h.request('GET', certUrl(corn.course.id), { token: learner.token }), 200)).certificate
    const typed = mine.code.replace('-', '').toLowerCase()
    const verified = await json<CertificateVerificationResponse>(await h.request('GET', `/api/classroom/certificates/verify/${typed}`), 200)
    expect(verified.certificate).toEqual({ valid: true, code: mine.code, holderName: '王*明', courseTitle: '玉米合理密植与高产栽培', teacherName: mine.teacherName, teacherOrg: '洛川县农业技术推广站', completedOn: '2026-11-28' })
    // A browser that scanned the QR code gets a page.
    const page = await h.request('GET', `/api/classroom/certificates/verify/${mine.code}`, { headers: { Accept: 'text/html,application/xhtml+xml' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain('真实有效')
    // A code that was never issued (well-formed).
    let unknown = newCertificateCode()
    while (unknown === mine.code.replace('-', '')) unknown = newCertificateCode()
    const missing = await errorOf(await h.request('GET', `/api/classroom/certificates/verify/${unknown}`), 404)
    expect(missing.message).toBe('没有找到这个证书编号，请对照证书核对后重新输入')
    // 0, O, 1, I and L are not in codes; too short is not a code.
    for (const bad of ['ABCDE-2345O', 'ABC', 'ABCDE-234561']) {
      const body = await errorOf(await h.request('GET', `/api/classroom/certificates/verify/${bad}`), 400)
      expect([bad, fieldOf(body)]).toEqual([bad, 'code'])
      expect(body.message).toContain('证书编号')
    }
  })

  test('the image: a small PNG, 600×840, ETag and immutable caching; 304 when current; an old address redirects; unknown → 404', async () => {
    const mine = (await json<CertificateResponse>(await h.request('GET', certUrl(corn.course.id), { token: learner.token }), 200)).certificate
    const path = mine.imageUrl
    expect(path).toMatch(/^\/api\/classroom\/certificate-images\/[A-Za-z0-9_-]{22}\/[0-9a-f]{20}\.png$/)
    const res = await h.request('GET', path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const etag = res.headers.get('etag')
    expect(etag).toMatch(/^"[0-9a-f]{20}"$/)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.length).toBe(mine.imageBytes)
    // Small enough for a 2G link (≈ 3 s at 40 kbps).
    expect(bytes.length).toBeLessThan(30_000)
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 600, height: 840 })
    // The QR code drawn is the verification address's: every module's centre is dark exactly where the code has a dark module.
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const { modules } = QRCode.create(mine.verifyUrl, { errorCorrectionLevel: 'M' })
    const unit = CERTIFICATE_QR_AREA.width / modules.size
    let mismatches = 0
    for (let r = 0; r < modules.size; r++) {
      for (let col = 0; col < modules.size; col++) {
        const x = Math.floor(CERTIFICATE_QR_AREA.x + (col + 0.5) * unit)
        const y = Math.floor(CERTIFICATE_QR_AREA.y + (r + 0.5) * unit)
        const dark = data[(y * info.width + x) * info.channels]! < 128
        if (dark !== Boolean(modules.get(r, col))) mismatches++
      }
    }
    expect(mismatches).toBe(0)
    expect((await h.request('GET', path, { headers: { 'If-None-Match': etag! } })).status).toBe(304)
    const old = await h.request('GET', path.replace(/[0-9a-f]{20}\.png$/, `${'0'.repeat(20)}.png`))
    expect(old.status).toBe(301)
    expect(old.headers.get('location')).toBe(path)
    await errorOf(await h.request('GET', `/api/classroom/certificate-images/${'A'.repeat(22)}/${'0'.repeat(20)}.png`), 404)
  })

  test('bad input: a name that is too long or has hidden characters → 400 naming the name; a course id that cannot exist → 404', async () => {
    const who = await newLearner(h)
    await readAll(who.token, corn, 'bad-input')
    for (const name of ['一二三四五六七八九十一二三四五六七八九十一', '王\u0000明', '   ']) {
      const body = await errorOf(await h.request('POST', certUrl(corn.course.id), { token: who.token, json: { name } }), 400)
      expect([name, fieldOf(body)]).toEqual([name, 'name'])
    }
    const extra = await errorOf(await h.request('POST', certUrl(corn.course.id), { token: who.token, json: { name: '周五', level: 'gold' } }), 400)
    expect(extra.code).toBe('VALIDATION_FAILED')
    await errorOf(await h.request('POST', certUrl('not an id!'), { token: who.token, json: { name: '周五' } }), 404)
    await errorOf(await h.request('POST', certUrl('A'.repeat(22)), { token: who.token, json: { name: '周五' } }), 404)
  })
})

test('codes: 10 characters of the alphabet, and every character turns up (no bias to a few)', () => {
  const seen = new Set<string>()
  for (let i = 0; i < 200; i++) {
    const code = newCertificateCode()
    expect(code).toHaveLength(10)
    for (const ch of code) {
      expect(CERTIFICATE_CODE_ALPHABET).toContain(ch)
      seen.add(ch)
    }
  }
  expect(seen.size).toBe(CERTIFICATE_CODE_ALPHABET.length)
})

test('names are masked: the first and (from three characters on) the last stay', () => {
  expect(['张', '张三', '王小明', '欧阳小明'].map(maskHolderName)).toEqual(['*', '张*', '王*明', '欧**明'])
})
