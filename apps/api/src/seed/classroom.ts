import type { Kysely } from 'kysely'
import type { QuizInput, Topic } from '@tianyuan/contracts'
import type { Database } from '../platform/db'
import type { Logger } from '../platform/logging'
import type { MediaStorage } from '../platform/media/storage'
import { newId } from '../platform/ids'
import { uploadMedia } from '../modules/media/service'
import { classroomDb } from '../modules/classroom/schema'
import { searchColumns } from '../modules/classroom/search'
import { createTeacher, insertLesson } from '../modules/classroom/teacher'
import { TOPIC_WORDS } from '@tianyuan/contracts'
import { renderPicture, type PictureKind } from './pictures'
import type { SeedLesson } from './lesson-media'

/**
 * Demo data for 田间课堂: 5 teachers (county extension stations, an animal-health centre, an
 * e-commerce service centre, a township health centre), 6 courses and 21 lessons — video, audio and
 * 图文 — whose text is real, correct teaching: 玉米合理密植 and 追肥, 水稻育秧, 生猪防病, 农产品拍照,
 * 果树修剪 and 农药安全使用, 家庭医生签约 and 慢病用药. Some courses are free, the others paid with a
 * trial lesson; four lessons end with a quiz.
 *
 * Video and audio lessons carry `slides` (their paragraphs): lesson-media's seed turns each into a
 * generated recording at first start (slides drawn from the text, narration by espeak-ng) and
 * transcodes it like a teacher's upload; until then the lesson shows 正在处理.
 *
 * Idempotent: a teacher is found by their user's openid, a course by its teacher and title; what is
 * there is left alone. Teacher users: `openidOf(name)` in development (the sandbox's, so logging in
 * to the preview as `{"user":"王振华"}` is that teacher); `seed-classroom-teacher-<key>` otherwise.
 *
 * Covers: an illustration of what the course teaches (Fluent Emoji, see illustrations/LICENSES.md);
 * the 农药/果树 course shows a tree, the health course a pill. No photographs of people.
 */

interface SeedTeacher {
  key: string
  name: string
  org: string
  intro: string
}

interface SeedLessonText {
  kind: 'video' | 'audio' | 'article'
  title: string
  trial?: boolean
  /** Paragraphs: a 图文 lesson's body, or a video/audio lesson's slides (and narration). */
  paragraphs: string[]
  quiz?: QuizInput
}

interface SeedCourse {
  teacher: string
  title: string
  topic: Topic
  priceFen: number
  cover: PictureKind | null
  intro: string
  lessons: SeedLessonText[]
}

const TEACHERS: SeedTeacher[] = [
  { key: '01', name: '王振华', org: '吉林省榆树市农业技术推广总站', intro: '高级农艺师，从事玉米、水稻栽培技术推广二十多年，常年在田间指导种植户。' },
  { key: '02', name: '刘桂兰', org: '河南省汝阳县畜牧兽医服务中心', intro: '执业兽医师，负责全县生猪防疫和养殖场生物安全指导。' },
  { key: '03', name: '陈思远', org: '陕西省洛川县电子商务公共服务中心', intro: '农村电商讲师，帮助果农开网店、拍产品、做短视频。' },
  { key: '04', name: '赵明', org: '陕西省洛川县苹果产业发展中心', intro: '农艺师，专攻苹果树整形修剪和果园病虫害绿色防控。' },
  { key: '05', name: '孙丽', org: '山西省五寨县砚城镇卫生院', intro: '全科医生，家庭医生签约团队负责人，管理辖区高血压、糖尿病患者。' },
]

const COURSES: SeedCourse[] = [
  {
    teacher: '01',
    title: '玉米种植与高产栽培',
    topic: 'planting',
    priceFen: 0,
    cover: 'corn',
    intro: '从合理密植、播种到追肥和防虫，讲清楚玉米高产的几个关键环节。适合东北、华北春玉米和夏玉米种植户。',
    lessons: [
      {
        kind: 'video',
        title: '合理密植：每亩留多少株',
        trial: true,
        paragraphs: [
          '玉米产量等于亩穗数乘以穗粒数再乘以粒重。密度太低，穗数不够；密度太高，植株争光争肥，容易倒伏和出现空秆。',
          '紧凑型品种叶片上冲，耐密，一般每亩留苗 4500 到 5000 株；平展型品种叶片平伸，每亩 3500 到 4000 株为宜。',
          '肥水条件好的高产田取上限，旱地、薄地取下限。种子袋上写的推荐密度，是选密度的第一依据。',
          '算株距：株距（米）等于 666.7 除以（行距乘以每亩株数）。行距 0.6 米、每亩 4500 株，株距约 0.25 米，也就是 25 厘米。',
          '播种量比留苗数多 10% 到 15%。3 到 4 片叶时间苗，5 到 6 片叶时定苗，去弱留壮，缺苗的地方就近留双株。',
        ],
      },
      {
        kind: 'article',
        title: '播种：墒情、深度与种肥',
        paragraphs: [
          '播种时间看地温：5 到 10 厘米土层的温度稳定在 10 到 12 摄氏度以上再播，过早播种出苗慢，容易烂种。',
          '墒情要足：用手握一把土能捏成团、落地能散开，说明墒情合适。土太干要先造墒或播后及时浇水。',
          '播种深度 3 到 5 厘米。土壤黏重、墒情好时浅一些；沙土、墒情差时深一些，但不超过 6 厘米。',
          '种肥和种子要隔开 5 厘米以上，侧深施最好。种肥挨着种子会烧种、烧苗，造成缺苗断垄。',
          '播后镇压，让种子和土壤贴紧，有利于吸水出苗，也能减少跑墒。',
        ],
      },
      {
        kind: 'audio',
        title: '追肥：大喇叭口期最关键',
        paragraphs: [
          '玉米一生需要氮肥最多的时期，是大喇叭口期到抽雄前后，这时候缺肥，穗子小、秃尖长。',
          '大喇叭口期的样子：上部叶片像一个大喇叭，一般是 11 到 12 片叶展开的时候，离抽雄大约还有 10 天到两周。',
          '一般每亩追施尿素 15 到 20 公斤。开沟或打孔深施 10 厘米左右，施后盖土，不要撒在地表，撒在地表氮素容易挥发。',
          '追肥后遇到干旱要浇水，肥随水走才能被根吸收。用了缓释肥一次性底施的地块，可以少追或不追。',
        ],
      },
      {
        kind: 'article',
        title: '玉米螟的绿色防治',
        paragraphs: [
          '玉米螟俗称钻心虫，幼虫钻进茎秆和果穗，造成折秆、烂穗，是玉米上危害最重的害虫之一。',
          '释放赤眼蜂：在玉米螟产卵初期放第一次，隔 5 到 7 天放第二次，每亩每次 1 万头左右，蜂卡挂在玉米叶片背面。',
          '心叶末期（喇叭口期）往心叶里撒颗粒剂，比如苏云金杆菌（Bt）颗粒剂，药剂随雨水留在心叶里，幼虫取食就会中毒。',
          '秋收后粉碎秸秆还田或处理秸秆垛，可以减少越冬虫源，第二年发生就轻。',
        ],
        quiz: {
          passPercent: 60,
          questions: [
            { prompt: '紧凑型玉米品种一般每亩留苗多少株？', choices: ['2000 到 2500 株', '4500 到 5000 株', '8000 株以上'], answer: 1 },
            { prompt: '玉米追施氮肥最关键的时期是？', choices: ['出苗后马上', '大喇叭口期', '收获前一周'], answer: 1 },
            { prompt: '追施尿素应该怎么施？', choices: ['撒在地表就行', '开沟深施 10 厘米左右并盖土', '兑水喷在叶片上'], answer: 1 },
            { prompt: '防治玉米螟，赤眼蜂应该在什么时候放？', choices: ['玉米螟产卵初期', '玉米收获以后', '什么时候都一样'], answer: 0 },
          ],
        },
      },
    ],
  },
  {
    teacher: '01',
    title: '水稻旱育秧技术',
    topic: 'planting',
    priceFen: 1990,
    cover: 'grain',
    intro: '北方水稻旱育秧、机插秧盘育秧的全过程：浸种催芽、苗床准备、播种和秧田管理，育出矮壮的秧苗。',
    lessons: [
      {
        kind: 'article',
        title: '浸种催芽',
        trial: true,
        paragraphs: [
          '浸种前晒种 1 到 2 天，能提高发芽势。再用清水或盐水选种，捞出漂在上面的瘪粒。',
          '浸种时间看水温：水温 15 摄氏度左右时浸 5 到 7 天。老经验是"积温 100 度"，也就是每天平均水温乘以天数约等于 100。',
          '种子吸水到自身重量的 25% 左右就浸透了：稻壳变成半透明，能看到腹白和胚。浸种时可用药剂一起浸，预防恶苗病。',
          '催芽温度 30 到 32 摄氏度，种子破胸后降到 25 摄氏度左右，芽长 1 到 2 毫米、大部分露白时就可以播种，芽太长播种时容易折断。',
        ],
      },
      {
        kind: 'video',
        title: '苗床准备与播种',
        paragraphs: [
          '苗床选在背风向阳、地势稍高、排水好、离本田近的地方，不选前茬用过除草剂的地块。',
          '旱育秧要求床土偏酸，pH 在 4.5 到 5.5 之间，偏碱的土要用调酸剂调酸，能预防立枯病。',
          '床土要细、肥、松，浇透底水后再播种。机插秧盘的常规稻每盘播干种 100 到 120 克，杂交稻用种量要减少，具体按种子说明和当地农技站的推荐。',
          '播后压种，盖 0.5 到 1 厘米厚的细土，盖严不露种子，然后覆膜保温。',
        ],
      },
      {
        kind: 'audio',
        title: '秧田管理：温度和水分',
        paragraphs: [
          '出苗前以保温保湿为主，膜内温度不超过 32 摄氏度，超过了要打开两头通风。',
          '一叶一心期开始通风炼苗，膜内温度控制在 25 摄氏度左右；两叶期 22 摄氏度左右；三叶期以后 20 摄氏度左右，逐步揭膜。',
          '旱育秧浇水"干湿结合"：早晨看秧苗叶尖，不吐水珠、床土发白时再一次浇透，不浇半截水。',
          '立枯病是育秧期最怕的病。一叶一心期用噁霉灵等药剂浇灌苗床预防，按标签用量兑水。',
          '插秧前 3 到 5 天控水炼苗，插前施一次送嫁肥，秧苗带药带肥下田。',
        ],
      },
    ],
  },
  {
    teacher: '02',
    title: '生猪常见病预防',
    topic: 'livestock',
    priceFen: 2990,
    cover: 'pig',
    intro: '中小养猪场、养猪户的防病要点：生物安全、免疫程序、仔猪腹泻和发现病猪后的处理，少用药、少死猪。',
    lessons: [
      {
        kind: 'video',
        title: '猪场生物安全：把病挡在门外',
        trial: true,
        paragraphs: [
          '非洲猪瘟没有疫苗、没有特效药，防控全靠生物安全：不让病毒进场，是最便宜也最有效的办法。',
          '人员进场要换鞋、换衣、洗手消毒；外来车辆不进生产区，拉猪、拉料的车在场外交接。',
          '新引进的猪要在隔离舍单独饲养 30 天以上，观察没有异常、检测合格后再混群。',
          '禁止用泔水喂猪，生肉制品不带进生产区。做好灭鼠、灭蚊蝇，防止野猪和流浪狗进入。',
          '同一栋猪舍尽量全进全出，猪出栏后彻底清洗、消毒、空栏几天再进猪。',
        ],
      },
      {
        kind: 'audio',
        title: '免疫程序怎么定',
        paragraphs: [
          '猪瘟、口蹄疫、猪伪狂犬病等疫苗的免疫，要按当地畜牧兽医部门推荐的程序做，不要照搬别的地区或别的猪场。',
          '疫苗在 2 到 8 摄氏度冷藏保存和运输，不能冻，也不能放在太阳下。开瓶后的疫苗要在规定时间内用完。',
          '注射时一头猪换一个针头，防止交叉传播疾病。打针部位、剂量按说明书来。',
          '接种后观察半小时，个别猪会出现过敏反应，要提前备好肾上腺素等急救药。做好免疫记录，写清日期、疫苗批号和头数。',
        ],
      },
      {
        kind: 'article',
        title: '仔猪腹泻的预防',
        paragraphs: [
          '保温是第一位的：初生仔猪保温箱或保温区温度 30 到 32 摄氏度，以后每周降低 2 摄氏度左右，产房要干燥、没有贼风。',
          '让每头仔猪在出生后 6 小时内吃足初乳，初乳里的抗体是仔猪最早的保护。弱小仔猪要人工辅助固定奶头。',
          '仔猪出生 3 天内肌肉注射右旋糖酐铁补铁，常用量每头 1 毫升（含铁 100 毫克），预防缺铁性贫血。',
          '母猪产前按程序接种猪流行性腹泻等疫苗，仔猪通过初乳获得抗体。',
          '已经腹泻的仔猪要补液，防止脱水，同时请兽医诊断病因，不要自己乱用抗生素。',
        ],
      },
      {
        kind: 'article',
        title: '发现病猪怎么办',
        paragraphs: [
          '发现猪不吃食、发烧、皮肤发红发紫、突然死亡等异常，先把病猪隔离，停止调运猪只。',
          '怀疑非洲猪瘟等重大动物疫病时，要立即向当地畜牧兽医部门报告，不能瞒报、不能私自处理。',
          '病死猪不准出售、不准宰杀食用、不准随意丢弃，要交给无害化处理厂或按当地规定无害化处理。',
          '接触过病猪的人员、工具、车辆都要清洗消毒，等兽医确诊后再按要求处置同群猪。',
        ],
        quiz: {
          passPercent: 75,
          questions: [
            { prompt: '新引进的猪应该隔离饲养多久再混群？', choices: ['不用隔离', '3 天', '30 天以上'], answer: 2 },
            { prompt: '初生仔猪保温区的温度应该是多少？', choices: ['18 到 20 摄氏度', '30 到 32 摄氏度', '40 摄氏度以上'], answer: 1 },
            { prompt: '怀疑猪得了非洲猪瘟，应该怎么做？', choices: ['赶紧卖掉', '自己买药治疗', '隔离并立即报告当地畜牧兽医部门'], answer: 2 },
            { prompt: '给猪打疫苗，针头应该怎么用？', choices: ['一头猪换一个针头', '一栋猪舍用一个针头', '一瓶疫苗用一个针头'], answer: 0 },
          ],
        },
      },
    ],
  },
  {
    teacher: '03',
    title: '农产品网店拍照',
    topic: 'ecommerce',
    priceFen: 0,
    cover: 'camera',
    intro: '只用一部手机，拍出让顾客愿意下单的主图、细节图和短视频。以苹果为例，其他果蔬同样适用。',
    lessons: [
      {
        kind: 'video',
        title: '用手机拍出好看的苹果',
        trial: true,
        paragraphs: [
          '光线最重要：用自然光，上午 9 到 11 点或下午 3 到 5 点，阴天的散射光也很好。避开正午的直射阳光，会有很重的阴影。',
          '拍之前把镜头擦干净。手指点一下屏幕上的苹果，让手机对准焦点，再轻轻按快门，手不要抖。',
          '背景越简单越好：一块白布、一张浅色木板都行，背景上不要有杂物。',
          '苹果占画面的三分之二左右，要拍近就走近拍，不要用数码变焦，放大会变模糊。',
        ],
      },
      {
        kind: 'article',
        title: '主图、细节图和场景图',
        paragraphs: [
          '主图是顾客第一眼看到的：正方形，800 乘 800 像素以上，浅色或白色背景，产品放在正中间，一张图说清楚卖的是什么。',
          '细节图展示品质：果面的光泽、切开后的果肉和糖心、个头大小（旁边放一枚硬币或一只手做对比）。',
          '场景图建立信任：果园、采摘、分拣、装箱的照片，让顾客知道货从哪里来。',
          '修图只调亮度和裁剪，不要把颜色调得和实物不一样。照片和收到的货差太多，会引来差评和退货。',
        ],
      },
      {
        kind: 'audio',
        title: '拍短视频介绍你的农产品',
        paragraphs: [
          '短视频 15 到 30 秒就够了。开头 3 秒放最好看的画面，比如一刀切开流出汁水的苹果。',
          '短视频平台用竖屏，画面比例 9 比 16。拿稳手机，可以靠在树干或三脚架上拍。',
          '说清楚四件事：产地在哪、什么品种、什么时候摘的、怎么发货。用自己的话说，乡音也没关系。',
          '结尾告诉顾客怎么买，比如点左下角链接下单。',
        ],
      },
    ],
  },
  {
    teacher: '04',
    title: '果树冬季修剪与安全用药',
    topic: 'planting',
    priceFen: 1990,
    cover: 'fruitTree',
    intro: '苹果树冬季修剪的时期、工具和方法，以及果园农药的安全使用和安全间隔期，剪出好树形，用药不出事。',
    lessons: [
      {
        kind: 'article',
        title: '修剪时期和工具',
        trial: true,
        paragraphs: [
          '冬季修剪在果树落叶以后到第二年萌芽以前的休眠期进行。避开最冷的天气，气温低于零下 10 摄氏度时不要剪，剪口容易冻伤。',
          '常用工具：修枝剪剪 2 厘米以下的枝条，手锯锯粗枝，高枝剪剪树冠上部。工具要锋利，剪口才平滑。',
          '直径超过 2 厘米的剪锯口要涂伤口保护剂，防止病菌侵入和伤口失水。',
          '剪完一棵病树，用 75% 的酒精擦一擦剪刀再剪下一棵，防止把腐烂病等病菌带到健康树上。',
        ],
      },
      {
        kind: 'video',
        title: '苹果树怎么剪：疏、截、缓',
        paragraphs: [
          '疏枝：把枝条从基部剪掉，不留桩。过密枝、交叉枝、病虫枝、枯死枝和直立的徒长枝，优先疏掉。',
          '短截：剪去一年生枝的一部分，能促发新枝。剪口在芽的上方 0.5 到 1 厘米，剪口斜面背向芽。',
          '缓放：一年生枝不剪，任它生长，有利于形成花芽，常用在长势中庸的枝条上。',
          '修剪顺序：先看整体再动手，先剪大枝后剪小枝，从下往上、从里往外，剪完让树冠通风透光。',
        ],
      },
      {
        kind: 'audio',
        title: '果园农药安全使用',
        paragraphs: [
          '买药先看标签：登记的作物和防治对象、用量、安全间隔期。没有在果树上登记的农药不要用。',
          '甲拌磷、克百威等高毒农药不得用于果树。按标签用量配药，用量筒、量杯量取，不要用手直接搅拌。',
          '喷药时戴口罩和手套，穿长衣长裤；顺风喷，不要逆风；避开中午高温时段；喷药期间不吃东西、不抽烟。',
          '喷完马上洗手洗脸、换衣服。农药空瓶、空袋不要乱扔，交到回收点集中处理。',
          '如果出现头晕、恶心、出汗多等中毒症状，马上离开现场，脱掉沾了药的衣服，带上农药标签去医院。',
        ],
      },
      {
        kind: 'article',
        title: '安全间隔期',
        paragraphs: [
          '安全间隔期是最后一次施药到采收之间必须间隔的天数，写在农药标签上，不同农药、不同作物不一样。',
          '没到安全间隔期的果子不能采摘上市，农药残留可能超标，吃了伤身体，抽检不合格还要被处罚。',
          '临近采收的病虫害防治，选安全间隔期短的药剂，或者用套袋、性诱剂、杀虫灯等不用药的办法。',
          '每次打药记下日期、药名和用量，采收前对照标签算一算，心里有数。',
        ],
        quiz: {
          passPercent: 60,
          questions: [
            { prompt: '苹果树冬季修剪应该在什么时候？', choices: ['开花的时候', '落叶后到萌芽前', '果子膨大的时候'], answer: 1 },
            { prompt: '短截时剪口应该留在哪里？', choices: ['紧贴着芽剪', '芽上方 0.5 到 1 厘米', '芽上方 5 厘米'], answer: 1 },
            { prompt: '喷农药时下面哪种做法是对的？', choices: ['逆风喷', '中午最热的时候喷', '戴口罩手套、顺风喷'], answer: 2 },
            { prompt: '什么是安全间隔期？', choices: ['两次打药之间隔的天数', '最后一次施药到采收必须间隔的天数', '农药的保质期'], answer: 1 },
          ],
        },
      },
    ],
  },
  {
    teacher: '05',
    title: '家庭医生签约与慢病用药',
    topic: 'health',
    priceFen: 0,
    cover: 'pill',
    intro: '家庭医生签约能得到哪些服务，高血压、糖尿病怎么按时用药、在家自我管理。内容供参考，用药请听签约医生的。',
    lessons: [
      {
        kind: 'video',
        title: '家庭医生签约能做什么',
        trial: true,
        paragraphs: [
          '每位居民都可以签约家庭医生。老年人、孕产妇、儿童、残疾人和高血压、糖尿病等慢病患者是重点人群。',
          '签约后有健康档案，高血压、糖尿病患者每年至少有 4 次面对面随访，医生上门或在卫生室测血压、测血糖、调整用药。',
          '65 岁以上的老年人每年可以做一次免费健康体检。',
          '签约很简单：带上身份证，到村卫生室或乡镇卫生院找家庭医生团队签约就行。',
        ],
      },
      {
        kind: 'article',
        title: '高血压：按时吃药，别自己停',
        paragraphs: [
          '大多数高血压患者的目标是血压低于 140/90 毫米汞柱，医生会根据年龄和病情定您的目标。',
          '降压药每天固定时间吃。血压降下来是药在起作用，不能觉得好了就自己停药或减量，停药后血压会反弹。',
          '在家量血压：安静坐 5 分钟，手臂和心脏一样高，连测 2 次取平均值，记在本子上，随访时给医生看。',
          '少吃盐，每人每天食盐不超过 5 克，少吃咸菜、腊肉；戒烟限酒，适当活动。',
          '出现剧烈头痛、胸痛、一侧手脚无力或说话不清，马上打 120，不要等。',
        ],
      },
      {
        kind: 'audio',
        title: '糖尿病：饮食、用药和低血糖',
        paragraphs: [
          '二甲双胍放在饭中或饭后吃，可以减少肚子不舒服。按医生开的剂量吃，不要自己加减。',
          '饮食定时定量，主食粗细搭配，少喝含糖饮料。血糖好不好，要靠定期测量，不能只凭感觉。',
          '低血糖的表现是心慌、出汗、手抖、饿得发慌。这时马上吃 15 克左右的糖，比如 3 到 4 块方糖或半杯果汁，15 分钟后再测一次。',
          '糖尿病患者每年查一次眼底，经常看看脚上有没有破口，有伤口要及时找医生处理。',
        ],
      },
    ],
  },
]

export interface SeedClassroomDeps {
  db: Kysely<Database>
  storage: MediaStorage
  now: () => number
  logger?: Logger
  maxBytes?: number
  maxPixels?: number
  /** The openid a teacher's user gets (the sandbox's, so a sandbox login by the teacher's name is that teacher). */
  openidOf?: (name: string) => string
}

/** The video and audio lessons and their slides, for lesson-media's seed (generated media). */
export interface SeedClassroomResult {
  teachers: number
  courses: number
  lessons: number
  media: SeedLesson[]
}

export async function seedClassroom(deps: SeedClassroomDeps): Promise<SeedClassroomResult> {
  const db = classroomDb(deps.db)
  const now = deps.now()
  const media = { db: deps.db, storage: deps.storage, maxBytes: deps.maxBytes ?? 10 * 1024 * 1024, maxPixels: deps.maxPixels ?? 40_000_000, now: deps.now }
  const result: SeedClassroomResult = { teachers: 0, courses: 0, lessons: 0, media: [] }
  const teachers = new Map<string, { id: string; userId: string; name: string; org: string }>()
  for (const t of TEACHERS) {
    const openid = deps.openidOf ? deps.openidOf(t.name) : `seed-classroom-teacher-${t.key}`
    const userId = await ensureUser(deps.db, openid, `${t.name}老师`, now)
    const existed = await db.selectFrom('classroom_teachers').select('id').where('user_id', '=', userId).executeTakeFirst()
    const id = existed?.id ?? (await createTeacher(db, { userId, name: t.name, org: t.org, intro: t.intro }, now))
    if (!existed) result.teachers++
    teachers.set(t.key, { id, userId, name: t.name, org: t.org })
  }
  for (const [i, c] of COURSES.entries()) {
    const teacher = teachers.get(c.teacher)!
    let course = await db.selectFrom('classroom_courses').select('id').where('teacher_id', '=', teacher.id).where('title', '=', c.title).executeTakeFirst()
    if (!course) {
      const cover = c.cover ? (await uploadMedia(media, teacher.userId, await renderPicture(c.cover))).id : null
      const id = newId()
      // Newest first on the home page: the first course listed here is the newest.
      const createdAt = now - i * 60_000
      await db
        .insertInto('classroom_courses')
        .values({
          id,
          teacher_id: teacher.id,
          title: c.title,
          topic: c.topic,
          intro: c.intro,
          cover_media_id: cover,
          price_fen: c.priceFen,
          status: 'published',
          ...searchColumns([c.title, c.intro, teacher.name, teacher.org, TOPIC_WORDS[c.topic]], [c.title, teacher.name, TOPIC_WORDS[c.topic]]),
          created_at: createdAt,
          updated_at: createdAt,
        })
        .execute()
      for (const l of c.lessons) {
        await insertLesson(
          db,
          {
            courseId: id,
            kind: l.kind,
            title: l.title,
            trial: l.trial ?? false,
            blocks: l.kind === 'article' ? l.paragraphs.map((text) => ({ type: 'text' as const, text })) : null,
            quiz: l.quiz ?? null,
          },
          now,
        )
        result.lessons++
      }
      result.courses++
      course = { id }
    }
    // Every video and audio lesson of the seeded course, for lesson-media's seed (it skips what has media).
    const lessons = await db.selectFrom('classroom_lessons').select(['id', 'title']).where('course_id', '=', course.id).where('kind', '!=', 'article').execute()
    for (const row of lessons) {
      const text = c.lessons.find((l) => l.title === row.title)
      if (text) result.media.push({ lessonId: row.id, title: row.title, slides: text.paragraphs })
    }
  }
  if (result.courses) deps.logger?.info({ courses: result.courses, lessons: result.lessons }, 'classroom demo data seeded')
  return result
}

async function ensureUser(db: Kysely<Database>, openid: string, nickname: string, now: number): Promise<string> {
  await db
    .insertInto('users')
    .values({ id: newId(), openid, unionid: null, nickname, avatar_media_id: null, phone: null, phone_country_code: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('openid').doNothing())
    .execute()
  return (await db.selectFrom('users').select('id').where('openid', '=', openid).executeTakeFirstOrThrow()).id
}

export const SEED_CLASSROOM_COURSES = COURSES.length
export const SEED_CLASSROOM_LESSONS = COURSES.reduce((n, c) => n + c.lessons.length, 0)
/** The courses' titles and their covers (the seed test checks each cover shows what the course teaches). */
export const SEED_CLASSROOM_COVERS = COURSES.map((c) => ({ title: c.title, cover: c.cover }))
/** Teachers' names (the preview logs in as one of them through the sandbox). */
export const SEED_CLASSROOM_TEACHERS = TEACHERS.map((t) => t.name)
