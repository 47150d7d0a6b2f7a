// Table-driven tests of the action extractor: owner, task and due date as written, on the shapes facilitators type.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { actionWordsFile } from '../../src/model/index.ts';
import { compileActionWords, extractAction, type ActionItem } from '../../src/pipeline/actions.ts';

// Sentences written for this test (any topic, several writers' habits); [line, owner, task, due].
const CASES: [string, string, string, string][] = [
  // "X to V ..."
  ['Petra to upload the photos of the flipcharts by Thursday.', 'Petra', 'upload the photos of the flipcharts', 'by Thursday'],
  ['UNICEF to merge the group reports into one draft', 'UNICEF', 'merge the group reports into one draft', ''],
  ['youth network to nominate two members by 20 Nov', 'youth network', 'nominate two members', 'by 20 Nov'],
  ['Ministry rep (MK) to check if age data can be added - next meeting', 'Ministry rep (MK)', 'check if age data can be added', 'next meeting'],
  // "X will V ..."
  ['Red Cross will draft the referral leaflet before the next meeting', 'Red Cross', 'draft the referral leaflet', 'before the next meeting'],
  ['The municipality will confirm the venue by 15 April', 'The municipality', 'confirm the venue', 'by 15 April'],
  ['We will send the draft report to the ministry next week', 'We', 'send the draft report to the ministry', 'next week'],
  ["Boris'll call the mayor's office tomorrow", 'Boris', "call the mayor's office", 'tomorrow'],
  // "X: V ...", "X - task - due", numbered
  ['Sanja: book the hall for the October session', 'Sanja', 'book the hall for the October session', ''],
  ['Milos - update the contact list - end of the month', 'Milos', 'update the contact list', 'end of the month'],
  ['2. Leila (OSCE) - check the training budget - by 3 May', 'Leila (OSCE)', 'check the training budget', 'by 3 May'],
  ['4) secretariat - send the attendance sheet to the donor - 30/06', 'secretariat', 'send the attendance sheet to the donor', '30/06'],
  // no owner written
  ['follow up w/ the tax office re VAT exemption', '', 'follow up w/ the tax office re VAT exemption', ''],
  ['Send the photos to all by Fri', '', 'Send the photos to all', 'by Fri'],
  ['Photos to be sent to everyone by Friday', '', 'Photos to be sent to everyone', 'by Friday'],
  ['Re-send the invitation to the Roma mediators on 2 March', '', 'Re-send the invitation to the Roma mediators', 'on 2 March'],
  // an imperative that opens the line is the task, not an owner ("Establish procedures" is nobody)
  ['Establish procedures to review the shared budget, starting with a call in March', '', 'Establish procedures to review the shared budget, starting with a call', 'in March'],
  ['Discuss and settle who keeps the attendance records, and how they are stored', '', 'Discuss and settle who keeps the attendance records, and how they are stored', ''],
  // "Action: ...", joined and bracketed owners, owners at the end, fields
  ['Action: Hana to circulate the revised agenda by mon', 'Hana', 'circulate the revised agenda', 'by mon'],
  ['ACTION - secretariat to merge the breakout summaries', 'secretariat', 'merge the breakout summaries', ''],
  ['AP: NGO coalition (Dea) to map shelters by end of Q2', 'NGO coalition (Dea)', 'map shelters', 'by end of Q2'],
  ['Tomas and Ines to prepare the one-page brief by 12/06', 'Tomas and Ines', 'prepare the one-page brief', 'by 12/06'],
  ['(UNFPA) to share the survey tool with all groups', 'UNFPA', 'share the survey tool with all groups', ''],
  ['Collect consent forms before the next session (Ana)', 'Ana', 'Collect consent forms', 'before the next session'],
  ['Check the data sharing agreement with the ministry – Vesna', 'Vesna', 'Check the data sharing agreement with the ministry', ''],
  ['Draft the ToR; owner: Lejla; due: 30 June', 'Lejla', 'Draft the ToR', '30 June'],
  ['- [ ] Kemal to chase the printer re posters ASAP', 'Kemal', 'chase the printer re posters', 'ASAP'],
  ['chase the venue re projector - Nadia to call them', 'Nadia', 'chase the venue re projector - call them', ''],
  // shorthand: owner then a bare verb, arrows
  ['Ana type up notes by mon', 'Ana', 'type up notes', 'by mon'],
  ['parents council send 3 names for the panel by 1 Oct', 'parents council', 'send 3 names for the panel', 'by 1 Oct'],
  ['Tariq -> ask the bank for the loan figures', 'Tariq', 'ask the bank for the loan figures', ''],
  ['Hana -> WHO to confirm the trainers', 'WHO', 'confirm the trainers', ''],
  // Serbian/Bosnian/Croatian, Albanian, Italian
  ['Dragana i Nikola do petka pošalju spisak škola', 'Dragana i Nikola', 'pošalju spisak škola', 'do petka'],
  ['Mirela do kraja mjeseca pripremi nacrt pisma.', 'Mirela', 'pripremi nacrt pisma', 'do kraja mjeseca'],
  ['Ana će poslati zapisnik sutra', 'Ana', 'poslati zapisnik', 'sutra'],
  ['Zlatan i Amra: „Poslaćemo listu usluga do kraja mjeseca.“', 'Zlatan i Amra', 'Poslaćemo listu usluga', 'do kraja mjeseca'],
  ['Arben të dërgojë listën e shkollave deri të premten', 'Arben', 'dërgojë listën e shkollave', 'deri të premten'],
  ['Ministria e Arsimit do të dërgojë të dhënat deri në fund të muajit', 'Ministria e Arsimit', 'dërgojë të dhënat', 'deri në fund të muajit'],
  ['Giulia invierà il verbale entro venerdì', 'Giulia', 'invierà il verbale', 'entro venerdì'],
  ['Luca e Sara prepareranno la bozza entro la fine del mese', 'Luca e Sara', 'prepareranno la bozza', 'entro la fine del mese'],
  ['Il segretariato invierà le slide domani', 'Il segretariato', 'invierà le slide', 'domani'],
  // a capitalised word that states rather than acts is no owner
  ['Below are the notes from the workshops. Please send your edits by Friday.', '', 'Below are the notes from the workshops. Please send your edits', 'by Friday'],
  ['Attendance was low, so Marta to resend the invite', 'Marta', 'Attendance was low, so resend the invite', ''],
  // an action register's rows: the owner in a field after the task, bold, or in brackets after a task in any language
  ['Hold drop-in sessions in each district — Community Engagement Team — May to June 2025', 'Community Engagement Team', 'Hold drop-in sessions in each district', 'May to June 2025'],
  ['Draft clinical protocols for remote consultations | Ministry of Health | 30 June 2025', 'Ministry of Health', 'Draft clinical protocols for remote consultations', '30 June 2025'],
  ['Circulate this summary to all participants – **Ilir**, by 17 October', 'Ilir', 'Circulate this summary to all participants', 'by 17 October'],
  ['Contattare il preside della scuola media (Anna)', 'Anna', 'Contattare il preside della scuola media', ''],
  ['Dragan (JKP) send the network map to Jelena next wk', 'Dragan (JKP)', 'send the network map to Jelena', 'next wk'],
  ['Study visit to Korçë for the municipalities: Besnik and OMN to propose dates', 'Besnik and OMN', 'Study visit to Korçë for the municipalities: propose dates', ''],
  ['The progress report will be published by the Monitoring Committee in September 2025', 'Monitoring Committee', 'The progress report will be published by the Monitoring Committee', 'in September 2025'],
  ['Second focus group with young women only – date TBC', '', 'Second focus group with young women only', 'date TBC'],
  ['next forum date tbc - January?', '', 'next forum date tbc - January?', ''],
];

describe('actions: extractAction', () => {
  for (const [line, owner, task, due] of CASES) {
    it(`reads "${line}"`, () => {
      expect(extractAction(line)).to.deep.equal({ owner, task, due } satisfies ActionItem);
    });
  }

  it('covers at least 20 sentence shapes', () => {
    expect(CASES.length).to.be.at.least(20);
  });

  it('keeps a date that is part of the task out of the due date unless it is marked or ends the line', () => {
    expect(extractAction('Goran to test Tuesday clinic days in the north').due).to.equal('');
    expect(extractAction('Goran to test Tuesday clinic days in the north by Friday').due).to.equal('by Friday');
  });

  it('does not take a month that opens the line for a due date ("Marta" is also a month in Serbian)', () => {
    expect(extractAction('Marta -> DK to share the method w/ group')).to.deep.equal({ owner: 'DK', task: 'share the method w/ group', due: '' });
  });

  it('reads its words from corpus/action-words.json: a word added there is understood', () => {
    const words = actionWordsFile.parse(JSON.parse(readFileSync(new URL('../../corpus/action-words.json', import.meta.url), 'utf8')));
    expect(extractAction('Ana to send the list przed piątkiem').due).to.equal('');
    const patterns = compileActionWords({ ...words, dueMarkers: [...words.dueMarkers, 'przed'], weekdays: [...words.weekdays, 'piątkiem'] });
    expect(extractAction('Ana to send the list przed piątkiem', patterns)).to.deep.equal({ owner: 'Ana', task: 'send the list', due: 'przed piątkiem' });
  });

  it('is deterministic and never throws on odd input', () => {
    for (const odd of ['', '   ', '-', '()', 'to to to', 'by by Friday', '1.', '→ →', 'Action:']) {
      const a = extractAction(odd);
      expect(a).to.deep.equal(extractAction(odd));
      expect(Object.keys(a).sort()).to.deep.equal(['due', 'owner', 'task']);
    }
  });
});
