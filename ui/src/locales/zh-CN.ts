// 中文界面文字。每个键在 en.ts 中必须有对应项（tests/i18n.spec.ts 检查）。
export default {
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
    policies: '政策库',
    questionnaire: '问卷',
    results: '评估结果',
    dossier: '申报材料',
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
  firms: {
    title: '企业列表',
    intro: '一个数据文件可保存多家企业，每家企业的问卷答案分别保存。',
    empty: '还没有企业。点击“新建企业”开始。',
    create: '新建企业',
    count: '共 {n} 家企业',
    columns: {
      name: '企业名称',
      creditCode: '统一社会信用代码',
      region: '所在地区',
      updatedAt: '最后修改时间',
    },
    notGiven: '未填写',
  },
  firmForm: {
    title: '新建企业',
    name: '企业名称',
    namePlaceholder: '与营业执照一致',
    nameRequired: '请填写企业名称',
    creditCode: '统一社会信用代码',
    creditCodePlaceholder: '18 位，可稍后补填',
    legalRep: '法定代表人',
    contact: '联系人',
    phone: '联系电话',
    cancel: '取消',
    submit: '保存',
    created: '已新建企业：{name}',
  },
  policies: {
    title: '政策库',
    summary: '内置政策库收录 {documents} 份政策文件、{measures} 项措施。',
    next: '按文件浏览政策原文与措施将在此处提供。',
  },
  questionnaire: {
    title: '问卷',
    hint: '请先在企业列表中新建或选择一家企业，再回答与其相关的问题。',
  },
  results: {
    title: '评估结果',
    hint: '回答问卷后，这里将列出企业可申请的政策、金额及依据。',
  },
  dossier: {
    title: '申报材料',
    hint: '评估完成后，可在此生成并打印申报材料。',
  },
  errors: {
    title: '出错了',
  },
}
