import type { Appointment, LoanResponse, Order, Question, RepaymentQuoteResponse, RepaymentResponse, Slot } from '@tianyuan/contracts'
import { CLINIC_APPOINTMENT_KIND, LOAN_REPAYMENT_KIND, MARKET_ORDER_KIND } from '@tianyuan/contracts/payments-rules'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { TEST_APPID } from '../../testing/harness'
import { newCourse, newTeacher } from '../classroom/testing'
import { book, newDoctor, newPatient, schedule, type TestDoctor } from '../clinic/testing'
import { acceptContract, applyFor, approve, getLoan, newOfficer, newUser, publishDemoProducts } from '../loans/testing'
import { newBuyer, newSeller, placeOrder, publish } from '../market/testing'
import { newPublisher, noticeBody, publish as publishNotice } from '../notices/testing'
import { REMINDER_JOBS } from './schedule'
import { call, fieldsOf, inbox, json, pay, startWorld, subscribe, until, villager, type TestVillager, type World } from './testing'

/**
 * Reminders end to end: the real API over HTTP, payments and transfers through the WeChat sandbox,
 * the scheduler's due jobs run by moving the API's clock (`server.scheduler.runDue()`), and what a
 * villager gets read from the sandbox's 服务通知 inbox.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** "2026-12-05T08:00:00.000+08:00" → "2026年12月5日 08:00", read off the Shanghai ISO text the API answered. */
function wechatTimeOf(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(iso)
  if (!m) throw new Error(`not an ISO time: ${iso}`)
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}`
}
/** 09:00 Shanghai on a YYYY-MM-DD day, `daysBefore` days earlier. */
const shanghai = (day: string, hhmm: string, daysBefore = 0) => Date.parse(`${day}T${hhmm}:00+08:00`) - daysBefore * DAY

describeEachDatabase('reminders through WeChat’s service notifications', (fresh) => {
  let database: TestDatabase
  let w: World
  let doctor: TestDoctor

  beforeAll(async () => {
    database = await fresh()
    w = await startWorld(database)
    doctor = await newDoctor(w.h, { capacity: 5 })
  })
  afterAll(async () => {
    await (w as World | undefined)?.close()
    await database.drop()
  })
  // Every test starts at the real time (the sandbox's payments keep real time); tests move it forward.
  beforeEach(() => {
    w.clock.t = Date.now()
  })
  const runDue = () => w.server.scheduler.runDue()

  // ---------------------------------------------------------------- 乡村问诊

  /** A slot of the doctor starting at least 3 hours from now. */
  const laterSlot = async (skip = 0): Promise<Slot> => {
    const slot = (await schedule(w.h, doctor.id)).filter((s) => s.bookable && Date.parse(s.startsAt) > w.clock.now() + 3 * HOUR)[skip]
    if (!slot) throw new Error('no later slot')
    return slot
  }
  /** A patient who allowed the reminder (one grant) and a paid booking of `slot`. */
  const paidBooking = async (slot: Slot, mode: 'text' | 'phone' | 'video' = 'phone') => {
    const patient = await newPatient(w.h)
    const v: TestVillager = { name: w.nameOf(patient.userId), token: patient.token, userId: patient.userId }
    await subscribe(w, v, 'clinic_appointment', 'clinic')
    const appointment = await book(w.h, patient, slot.id, mode)
    await pay(w, patient.token, CLINIC_APPOINTMENT_KIND, appointment.id)
    return { v, appointment }
  }

  test('clinic: a paid booking is reminded once, 1 hour before, in the patient’s 服务通知', async () => {
    const slot = await laterSlot()
    const { v, appointment } = await paidBooking(slot)
    const startsAt = Date.parse(slot.startsAt)
    w.clock.t = startsAt - HOUR - MINUTE
    await runDue()
    expect(await inbox(w, v.name)).toEqual([])
    w.clock.t = startsAt - HOUR
    await runDue()
    const messages = await inbox(w, v.name)
    expect(messages).toHaveLength(1)
    const [message] = messages
    expect(message!.title).toBe('就诊提醒')
    expect(message!.page).toBe(`pkg/pages/appointment/index?id=${appointment.id}`)
    expect(fieldsOf(message!)).toEqual({
      就诊人: '王大爷',
      医生: expect.stringMatching(/^测试医生\d+ 主治医师$/),
      就诊时间: `${wechatTimeOf(slot.startsAt)}~${wechatTimeOf(slot.endsAt).slice(-5)}`,
      就诊地点: '电话问诊·洛川县凤栖镇卫生院',
      温馨提示: '请保持电话畅通，医生会打给您',
    })
    // Once: later passes send nothing more.
    w.clock.t = startsAt - 30 * MINUTE
    await runDue()
    expect(await inbox(w, v.name)).toHaveLength(1)
  })

  test('clinic: a cancelled booking is not reminded; a rescheduled one is, for its new time only', async () => {
    const [a, b] = [await laterSlot(0), await laterSlot(1)]
    const cancelled = await paidBooking(a)
    await json(await call(w.server.url, 'POST', `/api/clinic/appointments/${cancelled.appointment.id}/cancel`, { token: cancelled.v.token }), 200)
    const moved = await paidBooking(a, 'video')
    const after = await json<{ appointment: Appointment }>(
      await call(w.server.url, 'POST', `/api/clinic/appointments/${moved.appointment.id}/reschedule`, { token: moved.v.token, json: { slotId: b.id } }),
      200,
    )
    expect(after.appointment.slot.id).toBe(b.id)
    // The jobs themselves: dropped with the cancel and the move, in their transactions (not just skipped when due).
    const jobStatus = async (appointmentId: string, slotId: string) =>
      (
        await w.server.db.kysely
          .selectFrom('scheduled_jobs')
          .select('status')
          .where('kind', '=', REMINDER_JOBS.clinicAppointment)
          .where('key', '=', `${appointmentId}:${slotId}`)
          .executeTakeFirst()
      )?.status
    expect(await jobStatus(cancelled.appointment.id, a.id)).toBe('cancelled')
    expect(await jobStatus(moved.appointment.id, a.id)).toBe('cancelled')
    expect(await jobStatus(moved.appointment.id, b.id)).toBe('due')
    w.clock.t = Date.parse(a.startsAt) - HOUR
    await runDue()
    expect(await inbox(w, cancelled.v.name)).toEqual([])
    expect(await inbox(w, moved.v.name)).toEqual([])
    w.clock.t = Date.parse(b.startsAt) - HOUR
    await runDue()
    expect(await inbox(w, cancelled.v.name)).toEqual([])
    const messages = await inbox(w, moved.v.name)
    expect(messages.map((m) => fieldsOf(m).就诊时间)).toEqual([`${wechatTimeOf(b.startsAt)}~${wechatTimeOf(b.endsAt).slice(-5)}`])
  })

  test('clinic: the API down past the appointment → never sent (expired); down until shortly before → sent, still useful', async () => {
    const slot = await laterSlot(2)
    const late = await paidBooking(slot)
    // The outage began before the reminder's moment and ended after the appointment had begun.
    w.clock.t = Date.parse(slot.startsAt) + MINUTE
    const pass = await runDue()
    expect(pass.expired).toBeGreaterThanOrEqual(1)
    expect(await inbox(w, late.v.name)).toEqual([])
    const row = await w.server.db.kysely
      .selectFrom('scheduled_jobs')
      .select('status')
      .where('kind', '=', REMINDER_JOBS.clinicAppointment)
      .where('key', '=', `${late.appointment.id}:${slot.id}`)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('expired')

    const next = await laterSlot(3)
    const useful = await paidBooking(next)
    // Back up 10 minutes before the appointment: the reminder (due 50 minutes ago) still helps.
    w.clock.t = Date.parse(next.startsAt) - 10 * MINUTE
    await runDue()
    expect(await inbox(w, useful.v.name)).toHaveLength(1)
  })

  // ---------------------------------------------------------------- 惠农小贷

  test('loans: disbursed → each installment reminded 3 days before (09:00) and on the due day (08:00); an installment paid early is not', async () => {
    await publishDemoProducts(w.h)
    const officer = await newOfficer(w.h)
    const borrower = await newUser(w.h)
    const v: TestVillager = { name: w.nameOf(borrower.userId), token: borrower.token, userId: borrower.userId }
    // Accepting the loan, the borrower allowed three reminders (three one-time grants).
    await subscribe(w, v, 'loan_installment', 'microloan', { times: 3 })
    const applied = await applyFor(w.h, borrower, { amountFen: 12_000_00, termMonths: 12 })
    await approve(w.h, officer, applied.id)
    await acceptContract(w.h, borrower, applied.id)
    // 放款 through WeChat's merchant transfer: the borrower confirms in WeChat, WeChat notifies the API.
    const started = await json<LoanResponse>(await call(w.server.url, 'POST', `/api/loans/officer/applications/${applied.id}/disburse`, { token: officer.token }), 200)
    const pkg = started.loan.disbursement?.confirm?.package
    if (!pkg) throw new Error('no transfer to confirm')
    expect(w.server.sandbox!.transfers.decide({ mchId: w.config.wechatPay.mchId, appId: TEST_APPID, package: pkg }, 'confirm')).toBe('requestMerchantTransfer:ok')
    await until('还款中', async () => (await getLoan(w.h, borrower, applied.id)).status === 'repaying')
    const loan = await getLoan(w.h, borrower, applied.id)
    const [first, second] = loan.schedule
    if (!first || !second) throw new Error('no schedule')
    // Two reminders per installment, scheduled in the disbursement's transaction.
    const jobs = await w.server.db.kysely.selectFrom('scheduled_jobs').select(['key', 'run_at', 'expires_at']).where('kind', '=', REMINDER_JOBS.loanInstallment).where('key', 'like', `${applied.id}:%`).execute()
    expect(jobs).toHaveLength(loan.schedule.length * 2)
    expect(jobs.find((j) => j.key === `${applied.id}:2:before`)).toMatchObject({ run_at: shanghai(second.dueDate, '09:00', 3), expires_at: shanghai(second.dueDate, '00:00', -1) })

    // The first installment is paid at once.
    const { quote } = await json<RepaymentQuoteResponse>(await call(w.server.url, 'POST', `/api/loans/my/${applied.id}/repayment-quote`, { token: borrower.token, json: { scope: 'installments', count: 1 } }), 200)
    const { repayment } = await json<RepaymentResponse>(
      await call(w.server.url, 'POST', `/api/loans/my/${applied.id}/repayments`, { token: borrower.token, json: { scope: 'installments', count: 1, amountFen: quote.amountFen } }),
      201,
    )
    await pay(w, borrower.token, LOAN_REPAYMENT_KIND, repayment.id)
    await until('installment 1 paid', async () => (await getLoan(w.h, borrower, applied.id)).schedule[0]?.status === 'paid')

    for (const t of [shanghai(first.dueDate, '09:00', 3), shanghai(first.dueDate, '08:00')]) {
      w.clock.t = t
      await runDue()
    }
    expect(await inbox(w, v.name)).toEqual([])

    w.clock.t = shanghai(second.dueDate, '09:00', 3) - MINUTE
    await runDue()
    expect(await inbox(w, v.name)).toEqual([])
    w.clock.t = shanghai(second.dueDate, '09:00', 3)
    await runDue()
    w.clock.t = shanghai(second.dueDate, '08:00')
    await runDue()
    const messages = (await inbox(w, v.name)).reverse()
    const yuan = `${Math.floor(second.totalFen / 100)}.${String(second.totalFen % 100).padStart(2, '0')}元`
    const [y, m, d] = second.dueDate.split('-').map(Number)
    expect(messages.map((msg) => fieldsOf(msg))).toEqual([
      { 贷款名称: expect.stringMatching(/第2期$/), 应还金额: yuan, 还款日期: `${y}年${m}月${d}日`, 还款状态: '即将到期', 温馨提示: '请在到期日前还款，按时还款不产生罚息' },
      { 贷款名称: expect.stringMatching(/第2期$/), 应还金额: yuan, 还款日期: `${y}年${m}月${d}日`, 还款状态: '今日到期', 温馨提示: '今天是还款日，请在小程序里还款' },
    ])
    expect(messages.every((msg) => msg.page === `pkg/pages/loan/index?id=${applied.id}`)).toBe(true)
  })

  // ---------------------------------------------------------------- 田园集市, 田间课堂

  test('market: the seller ships → the buyer is told at once, once (a re-ship sends nothing more)', async () => {
    const seller = await newSeller(w.h)
    const product = await publish(w.h, seller, { title: '洛川红富士苹果 果径80毫米以上 一级果 现摘现发' })
    const buyer = await newBuyer(w.h)
    const v: TestVillager = { name: w.nameOf(buyer.userId), token: buyer.token, userId: buyer.userId }
    await subscribe(w, v, 'market_shipped', 'market', { times: 2 })
    const order = await placeOrder(w.h, buyer, [{ productId: product.id, quantity: 2 }])
    await pay(w, buyer.token, MARKET_ORDER_KIND, order.id)
    const ship = (trackingNo: string) =>
      call(w.server.url, 'POST', `/api/market/seller/orders/${order.id}/ship`, { token: seller.token, json: { carrier: '中国邮政', trackingNo } }).then((res) => json<{ order: Order }>(res, 200))
    const shipped = (await ship('9876543210123')).order
    await runDue()
    const messages = await inbox(w, v.name)
    expect(messages).toHaveLength(1)
    expect(messages[0]!.page).toBe(`pkg/pages/order/index?id=${order.id}`)
    expect(fieldsOf(messages[0]!)).toEqual({
      订单号: order.id,
      商品名称: '洛川红富士苹果 果径80毫米以上 一级…',
      物流公司: '中国邮政',
      快递单号: '9876543210123',
      发货时间: wechatTimeOf(shipped.shipment!.shippedAt),
    })
    await ship('1111222233334')
    await runDue()
    expect(await inbox(w, v.name)).toHaveLength(1)
  })

  test('classroom: the teacher answers → the learner is told at once, once (a changed answer sends nothing more)', async () => {
    const teacher = await newTeacher(w.h)
    const { course, lessons } = await newCourse(w.h, teacher, { title: '玉米高产栽培', trials: 1 })
    const learner = await villager(w)
    await subscribe(w, learner, 'classroom_answered', 'classroom', { times: 2 })
    const { question } = await json<{ question: Question }>(
      await call(w.server.url, 'POST', `/api/classroom/lessons/${lessons[0]!.id}/questions`, { token: learner.token, json: { text: '玉米叶子发黄是缺什么肥？底肥用的是复合肥，每亩四十斤' } }),
      201,
    )
    const answer = (text: string) => call(w.server.url, 'POST', `/api/classroom/teacher/questions/${question.id}/answer`, { token: teacher.token, json: { text } }).then((res) => json<{ question: Question }>(res, 200))
    const answered = (await answer('多半是缺氮，追施尿素每亩 15 斤，雨前撒。')).question
    await runDue()
    const messages = await inbox(w, learner.name)
    expect(messages).toHaveLength(1)
    expect(messages[0]!.page).toBe(`pkg/pages/questions/index?course=${course.id}`)
    expect(fieldsOf(messages[0]!)).toEqual({
      课程名称: '玉米高产栽培',
      提问内容: '玉米叶子发黄是缺什么肥？底肥用的是复合…',
      回复人: `${answered.answer!.teacherName}老师`,
      回复时间: wechatTimeOf(answered.answer!.answeredAt),
    })
    await answer('补充：也可能是缺钾，看叶边。')
    await runDue()
    expect(await inbox(w, learner.name)).toHaveLength(1)
  })

  // ---------------------------------------------------------------- 通知到人

  test('an urgent notice reaches each subscriber of its topic once — from whichever app they subscribed — and nobody else', async () => {
    const publisher = await newPublisher(w.h, '村委会')
    const [one, both, otherTopic, none] = [await villager(w), await villager(w), await villager(w), await villager(w)]
    await subscribe(w, one, 'urgent_notice', 'clinic', { topics: ['天气预警'] })
    // Subscribed from two apps (two grants at WeChat): still one message.
    await subscribe(w, both, 'urgent_notice', 'market', { topics: ['天气预警'] })
    await subscribe(w, both, 'urgent_notice', 'clinic', { topics: ['天气预警', '健康'] })
    await subscribe(w, otherTopic, 'urgent_notice', 'classroom', { topics: ['农技'] })
    const notice = await publishNotice(w.h, publisher, noticeBody(w.h, { title: '今晚有霜冻，请给大棚加盖草帘，果园熏烟防冻', topic: '天气预警', urgent: true }))
    await runDue()
    await runDue()
    const boxes = await Promise.all([one, both, otherTopic, none].map((v) => inbox(w, v.name)))
    expect(boxes.map((messages) => messages.length)).toEqual([1, 1, 0, 0])
    const toOne = boxes[0]!
    expect(toOne[0]!.page).toBe(`notices/pages/detail/index?id=${notice.id}`)
    expect(fieldsOf(toOne[0]!)).toEqual({
      通知标题: '今晚有霜冻，请给大棚加盖草帘，果园熏烟…',
      发布单位: notice.organisation.name,
      通知类型: '天气预警',
      发布时间: wechatTimeOf(notice.publishedAt),
    })
  })
})
