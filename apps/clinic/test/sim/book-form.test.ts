// The booking form's rough edges, on the phone against the real API: a family member added from
// the form becomes the one booked for; a problem is said once (under its field); required fields
// say 必填. (One villager per file: the simulator keeps the signed-in app across a file's launches.)
import { bookingFormUrl, idNumberFor, startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInOn } from '../support/phone'

const BOOK = 'pkg/pages/book/index'
const PATIENT_EDIT = 'pkg/pages/patient-edit/index'
const DOCTOR_NAME = '张桂芳'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

const count = (text: string, part: string) => text.split(part).length - 1

test('a second family member added from the form is the one chosen; each problem is said once; required fields say 必填', async () => {
  const user = '孙大姐'
  await api.patientOf(user, { gender: '女', birth: '19700305' })
  const sim = await launchClinic(api, { url: await bookingFormUrl(api, DOCTOR_NAME, 2), user })
  const book = sim.page
  await signInOn(book)
  await book.waitForText(/●\s*孙大姐（本人/, { selector: '#patients' })
  expect(book.text('#patients')).toContain('给谁看病（必填）')
  expect(book.text('#modes')).toContain('怎么问诊（必填）')
  expect(book.text()).toContain('病情描述（必填）')

  // Nothing typed: the empty field says what is wrong, the line by the button only says where.
  await book.tap('#mode-text')
  await book.tap('#follow-up')
  await book.tap('#book-and-pay')
  await book.waitForText('请填写病情描述')
  expect(count(book.text(), '请填写病情描述')).toBe(1)
  expect(book.text('#book-missing')).toBe('请按上面的红字改好再提交')

  await book.tap('#add-patient')
  const form = await sim.waitForPage(PATIENT_EDIT)
  await form.waitFor(() => form.has('#save-patient'))
  expect(form.text()).toContain('姓名（必填）')
  expect(form.text()).toContain('和您的关系（必填）')
  expect(form.text()).toContain('身份证号（必填）')
  await form.tap('#save-patient')
  await form.waitForText('请填写姓名')
  expect(count(form.text(), '请填写姓名')).toBe(1)
  expect(form.text('#patient-missing')).toBe('请选择和您的关系')
  await form.type('#patient-name', '孙老汉')
  await form.tap('#relation-1') // 父母
  await form.type('#patient-id-number', idNumberFor('19480512', 9))
  await form.waitForText(/^7\d 岁$/, { selector: '#patient-age' })
  await form.tap('#save-patient')

  await sim.waitForPage(BOOK)
  await book.waitForText(/●\s*孙老汉（父母/, { selector: '#patients' })
  expect(book.text('#patients')).toMatch(/○\s*孙大姐/)
  expect(sim.errors).toEqual([])
}, 90_000)
