// English UI text. Every key must also exist in zh-CN.ts (tests/i18n.spec.ts checks).
import * as firms from './parts/firms'
import * as policies from './parts/policies'
import * as questionnaire from './parts/questionnaire'
import * as results from './parts/results'
import * as dossier from './parts/dossier'
import * as claims from './parts/claims'
import * as calendar from './parts/calendar'
import * as packs from './parts/packs'

export default {
  ...firms.en,
  ...policies.en,
  ...questionnaire.en,
  ...results.en,
  ...dossier.en,
  ...claims.en,
  ...calendar.en,
  ...packs.en,

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
    profile: 'Firm profile',
    policies: 'Policies',
    questionnaire: 'Questionnaire',
    results: 'Results',
    dossier: 'Dossier',
    claims: 'Claims',
    calendar: 'Calendar',
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
  common: {
    currentFirm: 'Firm: ',
    asOf: 'Assessment date',
    year: 'Support year',
    yearFollows: '{year} (date\'s year)',
    yearLabel: '{year}',
    chooseFirmFirst: 'First create or choose a firm in the firm list.',
    listSep: ', ',
    clauseSep: '; ',
    units: {
      yuan: 'yuan',
      wan: '10k yuan',
      yi: '100m yuan',
    },
  },
  errors: {
    title: 'Something went wrong',
    damagedTitle: 'The data file is damaged',
    damagedHint: 'Restore the newest automatic backup (the damaged file is kept under a new name, never deleted), or start an empty data file.',
    restoreBackup: 'Restore backup',
    startNew: 'Start an empty file',
    recovered: 'Restored from {from}',
    startedNew: 'Started an empty data file; the old one was kept as {moved}',
  },
}
