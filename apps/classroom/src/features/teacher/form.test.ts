import { fenToYuanText, paragraphsOf, uploadProgressWords, yuanToFen } from './form'

test('a typed price in 元 becomes fen without floats; anything else is not a price', () => {
  expect(yuanToFen('9.9')).toBe(990)
  expect(yuanToFen(' 19.90 ')).toBe(1990)
  expect(yuanToFen('0')).toBe(0)
  expect(yuanToFen('0.29')).toBe(29)
  expect(yuanToFen('9.999')).toBeUndefined()
  expect(yuanToFen('-1')).toBeUndefined()
  expect(yuanToFen('九块')).toBeUndefined()
  expect(fenToYuanText(990)).toBe('9.90')
  expect(fenToYuanText(5)).toBe('0.05')
})

test('the teacher’s text becomes its paragraphs, blank lines and edge spaces dropped', () => {
  expect(paragraphsOf('  第一段  \n\n第二段\r\n   \n第三段')).toEqual(['第一段', '第二段', '第三段'])
  expect(paragraphsOf('\n \n')).toEqual([])
})

test('an upload says how far it is, and that a resumed one goes on from where it stopped', () => {
  const MB = 1024 * 1024
  expect(uploadProgressWords({ phase: 'creating', confirmedBytes: 0, totalBytes: 12 * MB })).toBe('正在准备上传…')
  expect(uploadProgressWords({ phase: 'uploading', confirmedBytes: Math.round(3.2 * MB), totalBytes: 12 * MB })).toBe('已上传 3.2 MB / 12.0 MB（26%）')
  expect(uploadProgressWords({ phase: 'resuming', confirmedBytes: 6 * MB, totalBytes: 12 * MB })).toBe('接着上次的进度上传：已上传 6.0 MB / 12.0 MB（50%）')
  expect(uploadProgressWords({ phase: 'done', confirmedBytes: 12 * MB, totalBytes: 12 * MB })).toBe('上传完了（12.0 MB）')
})
