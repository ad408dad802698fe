import type { Kysely } from 'kysely'
import type { DoctorTitle, HospitalLevel } from '@tianyuan/contracts'
import type { Database } from '../platform/db'
import type { Logger } from '../platform/logging'
import type { MediaStorage } from '../platform/media/storage'
import { newId } from '../platform/ids'
import { uploadMedia } from '../modules/media/service'
import { createDoctor, ensureHospital, ensureSchedule } from '../modules/clinic/catalog'
import { clinicDb } from '../modules/clinic/schema'
import { renderPicture } from './pictures'

/**
 * Demo data for 乡村问诊: 20 doctors across the departments at township health centres (乡镇卫生院)
 * and county hospitals (县人民医院) of the same counties the market's sellers come from, each
 * with a user (the doctor role) and a week of slots (上午/下午/晚上) from today.
 *
 * Idempotent: a doctor is found by its user's openid and skipped if it exists; slots are topped up
 * to the coming 7 days on every run (existing ones, places taken included, are left alone).
 *
 * Doctor users: the openid comes from `openidOf(name)` — in development the server passes the
 * in-process sandbox's, so logging in to the preview as `{"user":"<the doctor's name>"}` (e.g.
 * 张桂芳) is that doctor. Without it (the seed script) the openid is `seed-clinic-doctor-<nn>`.
 *
 * Photos: these doctors are made up, so no photograph of a real person may stand for them. Each
 * gets the same neutral placeholder, a drawn health worker (pictures.ts, `doctor`), uploaded once
 * through the media service.
 */

interface SeedHospital {
  key: string
  name: string
  level: HospitalLevel
  county: string
  address: string
}

const HOSPITALS: SeedHospital[] = [
  { key: 'luochuan-county', name: '洛川县人民医院', level: 'county', county: '陕西省延安市洛川县', address: '洛川县凤栖街道北大街' },
  { key: 'fengqi', name: '洛川县凤栖镇卫生院', level: 'township', county: '陕西省延安市洛川县', address: '洛川县凤栖镇中心街' },
  { key: 'xuanen-county', name: '宣恩县人民医院', level: 'county', county: '湖北省恩施州宣恩县', address: '宣恩县珠山镇解放路' },
  { key: 'jiaoyuan', name: '宣恩县椒园镇卫生院', level: 'township', county: '湖北省恩施州宣恩县', address: '宣恩县椒园镇集镇' },
  { key: 'wuzhai-county', name: '五寨县人民医院', level: 'county', county: '山西省忻州市五寨县', address: '五寨县砚城镇新建街' },
  { key: 'yancheng', name: '五寨县砚城镇卫生院', level: 'township', county: '山西省忻州市五寨县', address: '五寨县砚城镇东街' },
  { key: 'yangbi-county', name: '漾濞彝族自治县人民医院', level: 'county', county: '云南省大理州漾濞县', address: '漾濞县苍山西镇' },
  { key: 'suiyang', name: '东宁市绥阳镇卫生院', level: 'township', county: '黑龙江省牡丹江市东宁市', address: '东宁市绥阳镇中心路' },
]

interface SeedDoctor {
  key: string
  name: string
  title: DoctorTitle
  hospital: string
  department: string
  specialty: string
  intro: string
  /** 图文 / 电话 / 视频 fees in fen; null = not offered. */
  fees: [number | null, number | null, number | null]
}

const DOCTORS: SeedDoctor[] = [
  { key: '01', name: '张桂芳', title: '主任医师', hospital: 'luochuan-county', department: 'chronic', specialty: '高血压、糖尿病复诊与用药调整', intro: '从医三十年，长期在县里做慢病随访。', fees: [2000, 3000, 4000] },
  { key: '02', name: '李建军', title: '副主任医师', hospital: 'luochuan-county', department: 'internal', specialty: '慢性胃炎、消化不良', intro: '擅长消化内科常见病复诊。', fees: [1500, 2500, 3500] },
  { key: '03', name: '王秀英', title: '主治医师', hospital: 'fengqi', department: 'internal', specialty: '感冒咳嗽、头痛头晕复诊', intro: '在凤栖镇卫生院工作十五年，乡亲们都认识。', fees: [800, 1200, null] },
  { key: '04', name: '刘海燕', title: '主治医师', hospital: 'fengqi', department: 'pediatrics', specialty: '小儿咳嗽、腹泻、发热后复诊', intro: '6 岁以下孩子问诊请监护人陪同。', fees: [1000, 1500, 2000] },
  { key: '05', name: '向德明', title: '主任医师', hospital: 'xuanen-county', department: 'tcm', specialty: '中医调理、风湿痹痛', intro: '土家族老中医，擅长针灸和中药调理。', fees: [2500, 3500, 4500] },
  { key: '06', name: '田春燕', title: '副主任医师', hospital: 'xuanen-county', department: 'gynecology', specialty: '妇科炎症复诊、孕期咨询', intro: '妇产科工作二十年。', fees: [2000, 3000, 4000] },
  { key: '07', name: '彭志刚', title: '医师', hospital: 'jiaoyuan', department: 'chronic', specialty: '高血压随访、慢阻肺复诊', intro: '负责椒园镇的慢病随访。', fees: [600, 1000, null] },
  { key: '08', name: '黄丽', title: '主治医师', hospital: 'jiaoyuan', department: 'dermatology', specialty: '湿疹、皮炎、手足癣复诊', intro: '皮肤问题可以拍照片给我看。', fees: [1000, null, 1800] },
  { key: '09', name: '赵国庆', title: '主任医师', hospital: 'wuzhai-county', department: 'orthopedics', specialty: '腰腿痛、膝关节炎、颈椎病', intro: '骨科医生，常年下乡义诊。', fees: [2500, 3500, 4500] },
  { key: '10', name: '郭晓梅', title: '副主任医师', hospital: 'wuzhai-county', department: 'pediatrics', specialty: '儿童哮喘、过敏性鼻炎复诊', intro: '儿科医生，耐心细致。', fees: [1800, 2800, 3800] },
  { key: '11', name: '高文斌', title: '主治医师', hospital: 'wuzhai-county', department: 'internal', specialty: '冠心病、心律不齐复诊', intro: '心内科医生。', fees: [1500, 2500, 3500] },
  { key: '12', name: '闫红霞', title: '医师', hospital: 'yancheng', department: 'chronic', specialty: '糖尿病饮食指导、血糖监测', intro: '砚城镇家庭医生签约团队。', fees: [500, 800, null] },
  { key: '13', name: '杨树林', title: '主任医师', hospital: 'yangbi-county', department: 'tcm', specialty: '脾胃调理、失眠', intro: '中医科主任，擅长脾胃病。', fees: [2500, 3500, 4500] },
  { key: '14', name: '字春花', title: '主治医师', hospital: 'yangbi-county', department: 'gynecology', specialty: '月经不调、更年期调理', intro: '彝族医生，会讲彝语。', fees: [1500, 2500, 3000] },
  { key: '15', name: '李永福', title: '副主任医师', hospital: 'yangbi-county', department: 'dermatology', specialty: '银屑病、荨麻疹复诊', intro: '皮肤科医生。', fees: [1800, 2800, 3800] },
  { key: '16', name: '刘振华', title: '主治医师', hospital: 'suiyang', department: 'internal', specialty: '慢性支气管炎、咳嗽复诊', intro: '在绥阳镇卫生院工作十年。', fees: [800, 1200, 1800] },
  { key: '17', name: '孙丽娟', title: '医师', hospital: 'suiyang', department: 'pediatrics', specialty: '儿童保健、营养咨询', intro: '儿童保健门诊。', fees: [600, 1000, null] },
  { key: '18', name: '马德胜', title: '主任医师', hospital: 'luochuan-county', department: 'orthopedics', specialty: '骨质疏松、风湿性关节炎', intro: '骨科主任医师。', fees: [3000, 4000, 5000] },
  { key: '19', name: '冯淑珍', title: '副主任医师', hospital: 'xuanen-county', department: 'chronic', specialty: '慢性肾病、痛风复诊', intro: '肾内科，长期做慢病管理。', fees: [2000, 3000, 4000] },
  { key: '20', name: '吴春生', title: '主治医师', hospital: 'fengqi', department: 'tcm', specialty: '颈肩腰腿痛的针灸推拿', intro: '中医科，擅长针灸。', fees: [1000, 1500, null] },
]

export interface SeedClinicDeps {
  db: Kysely<Database>
  storage: MediaStorage
  now: () => number
  logger?: Logger
  maxBytes?: number
  maxPixels?: number
  /** The openid a doctor's user gets (the sandbox's, so a sandbox login by the doctor's name is that doctor). */
  openidOf?: (name: string) => string
}

export async function seedClinic(deps: SeedClinicDeps): Promise<{ doctors: number }> {
  const db = clinicDb(deps.db)
  const now = deps.now()
  const media = { db: deps.db, storage: deps.storage, maxBytes: deps.maxBytes ?? 10 * 1024 * 1024, maxPixels: deps.maxPixels ?? 40_000_000, now: deps.now }
  const hospitalIds = new Map<string, string>()
  for (const h of HOSPITALS) hospitalIds.set(h.key, await ensureHospital(db, { name: h.name, level: h.level, county: h.county, address: h.address }))
  let placeholder: string | undefined
  const placeholderFor = async (ownerId: string) => (placeholder ??= (await uploadMedia(media, ownerId, await renderPicture('doctor'))).id)
  let added = 0
  for (const d of DOCTORS) {
    const openid = deps.openidOf ? deps.openidOf(d.name) : `seed-clinic-doctor-${d.key}`
    const userId = await ensureUser(deps.db, openid, `${d.name}医生`, now)
    let doctor = await db.selectFrom('clinic_doctors').select('id').where('user_id', '=', userId).executeTakeFirst()
    if (!doctor) {
      const photo = await placeholderFor(userId)
      try {
        await createDoctor(
          db,
          {
            name: d.name,
            title: d.title,
            hospitalId: hospitalIds.get(d.hospital) as string,
            departmentId: d.department,
            specialty: d.specialty,
            intro: d.intro,
            fees: { text: d.fees[0], phone: d.fees[1], video: d.fees[2] },
            photoMediaId: photo,
            userId,
          },
          now,
        )
        added++
      } catch {
        // created meanwhile by another run (user_id is unique)
      }
      doctor = await db.selectFrom('clinic_doctors').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow()
    }
    // Township centres see fewer patients online: smaller slots, no evening on odd keys.
    const township = HOSPITALS.find((h) => h.key === d.hospital)?.level === 'township'
    await ensureSchedule(db, doctor.id, now, {
      capacity: township ? 4 : 8,
      periods: Number(d.key) % 2 === 1 ? ['morning', 'afternoon'] : ['morning', 'afternoon', 'evening'],
    })
  }
  if (added) deps.logger?.info({ doctors: added }, 'clinic demo data seeded')
  return { doctors: added }
}

async function ensureUser(db: Kysely<Database>, openid: string, nickname: string, now: number): Promise<string> {
  await db
    .insertInto('users')
    .values({ id: newId(), openid, unionid: null, nickname, avatar_media_id: null, phone: null, phone_country_code: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('openid').doNothing())
    .execute()
  return (await db.selectFrom('users').select('id').where('openid', '=', openid).executeTakeFirstOrThrow()).id
}

export const SEED_CLINIC_DOCTORS = DOCTORS.length
