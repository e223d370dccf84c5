// Texts of the calendar screen, both languages side by side (keys must match: tests/i18n.spec.ts).
export const zh = {
  calendar: {
    title: '日程',
    intro: '自评估日起要做的事：政策到期、申报截止、累计金额可开始申报、申报草稿待提交，按日期排列。',
    scopeFirm: '本企业',
    scopeAll: '全部企业',
    export: '导出日历（.ics）',
    exportTitle: '导出日历',
    exportFilter: 'iCalendar 日历文件',
    exported: '已导出 {name}',
    empty: '自评估日起没有待办日期。',
    noFirm: '未选择企业，显示全部企业。',
    loadError: '日程无法读取：{message}',
    noDate: '未定',
    col: {
      date: '日期',
      what: '事项',
      firm: '企业',
      measure: '政策 / 措施',
      amount: '金额（元）',
    },
  },
}

export const en = {
  calendar: {
    title: 'Calendar',
    intro: 'What is coming from the assessment date on: documents expiring, claim windows closing, accruing amounts becoming claimable, drafted claims to submit, by date.',
    scopeFirm: 'This firm',
    scopeAll: 'All firms',
    export: 'Export calendar (.ics)',
    exportTitle: 'Export calendar',
    exportFilter: 'iCalendar file',
    exported: 'Exported {name}',
    empty: 'Nothing coming from the assessment date on.',
    noFirm: 'No firm chosen: showing all firms.',
    loadError: 'The calendar could not be read: {message}',
    noDate: 'No date',
    col: {
      date: 'Date',
      what: 'What',
      firm: 'Firm',
      measure: 'Document / measure',
      amount: 'Amount (yuan)',
    },
  },
}
