// 中文界面文字。每个键在 en.ts 中必须有对应项（tests/i18n.spec.ts 检查）。
import * as firms from './parts/firms'
import * as policies from './parts/policies'
import * as questionnaire from './parts/questionnaire'
import * as results from './parts/results'
import * as dossier from './parts/dossier'
import * as claims from './parts/claims'
import * as calendar from './parts/calendar'
import * as packs from './parts/packs'

export default {
  ...firms.zh,
  ...policies.zh,
  ...questionnaire.zh,
  ...results.zh,
  ...dossier.zh,
  ...claims.zh,
  ...calendar.zh,
  ...packs.zh,

  app: {
    title: '惠企政策自评与申报',
    shortTitle: '惠企',
  },
  language: {
    label: '界面语言',
    zh: '中文',
    en: 'English',
  },
  nav: {
    firms: '企业列表',
    profile: '企业信息',
    policies: '政策库',
    questionnaire: '问卷',
    results: '评估结果',
    dossier: '申报材料',
    claims: '申报记录',
    calendar: '日程',
  },
  about: {
    button: '关于',
    title: '关于惠企',
    description: '离线评估企业可申请的惠企政策、可获金额，并生成申报材料。',
    appVersion: '程序版本',
    catalogVersion: '政策库版本',
    documentCount: '政策文件数',
    measureCount: '政策措施数',
    close: '关闭',
  },
  common: {
    currentFirm: '当前企业：',
    asOf: '评估日期',
    year: '申报年度',
    yearFollows: '{year}（随评估日期）',
    yearLabel: '{year} 年度',
    chooseFirmFirst: '请先在企业列表中新建或选择一家企业。',
    listSep: '、',
    clauseSep: '；',
    units: {
      yuan: '元',
      wan: '万元',
      yi: '亿元',
    },
  },
  errors: {
    title: '出错了',
    damagedTitle: '数据文件已损坏',
    damagedHint: '可以从最近的自动备份恢复（损坏的文件改名保留，不会删除），或者新建一个空的数据文件。',
    restoreBackup: '从备份恢复',
    startNew: '新建空数据文件',
    recovered: '已恢复：{from}',
    startedNew: '已新建空数据文件，原文件保留为 {moved}',
  },
}
