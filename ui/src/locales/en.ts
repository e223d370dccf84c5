// English UI text. Every key must also exist in zh-CN.ts (tests/i18n.spec.ts checks).
export default {
  app: {
    title: 'Huiqi policy self-assessment',
    shortTitle: 'Huiqi',
  },
  language: {
    label: 'Language',
    zh: '中文',
    en: 'English',
  },
  nav: {
    firms: 'Firms',
    policies: 'Policies',
    questionnaire: 'Questionnaire',
    results: 'Results',
    dossier: 'Dossier',
  },
  about: {
    button: 'About',
    title: 'About Huiqi',
    description:
      'Works offline: which support policies a firm qualifies for, how much each pays, and the application dossier.',
    appVersion: 'App version',
    catalogVersion: 'Catalogue version',
    documentCount: 'Policy documents',
    measureCount: 'Measures',
    close: 'Close',
  },
  firms: {
    title: 'Firms',
    intro: 'One data file holds many firms; each firm keeps its own answers.',
    empty: 'No firms yet. Click "New firm" to start.',
    create: 'New firm',
    count: '{n} firm | {n} firms',
    columns: {
      name: 'Name',
      creditCode: 'Unified social credit code',
      region: 'Region',
      updatedAt: 'Last changed',
    },
    notGiven: 'Not given',
  },
  firmForm: {
    title: 'New firm',
    name: 'Name',
    namePlaceholder: 'As on the business licence',
    nameRequired: 'Please enter the firm name',
    creditCode: 'Unified social credit code',
    creditCodePlaceholder: '18 characters; may be added later',
    legalRep: 'Legal representative',
    contact: 'Contact person',
    phone: 'Phone',
    cancel: 'Cancel',
    submit: 'Save',
    created: 'Firm created: {name}',
  },
  policies: {
    title: 'Policies',
    summary: 'The built-in catalogue holds {documents} policy documents with {measures} measures.',
    next: 'Browsing each document with its source text and measures will be available here.',
  },
  questionnaire: {
    title: 'Questionnaire',
    hint: 'First create or choose a firm in the firm list, then answer the questions that apply to it.',
  },
  results: {
    title: 'Results',
    hint: 'After the questionnaire, this page lists the policies the firm can apply for, the amounts and the legal basis.',
  },
  dossier: {
    title: 'Dossier',
    hint: 'After the assessment, the application dossier can be generated and printed here.',
  },
  errors: {
    title: 'Something went wrong',
  },
}
