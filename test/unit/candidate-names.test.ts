// Who the notes name, as candidates for the consultation's known people (src/privacy/names.ts): the shapes that
// name a person, and the look-alikes that do not (a bullet's first word, a list of places).
import { expect } from 'chai';
import { candidateNamesInText, chatUsernames, definedAcronyms, isOwnerKey, isPersonKey, namesInValue, ownerInitials } from '../../src/privacy/names.ts';
import { createNameMatcher } from '../../src/privacy/name-matcher.ts';
import { knownNames } from '../../src/privacy/personal-data.ts';

describe('privacy: candidate names in notes', () => {
  it('finds signatures, presenters after a heading\'s topic and the people a session was led by', () => {
    const notes = [
      'Thanks all',
      '— Ana Lukić',
      '-- Marta Kovač, UNDP',
      '~ Goran Petrović (Youth Council)',
      'Introduction, Nadia Okafor UNFPA',
      'Survey results, Ela Ionescu and Tariq Haddad, UN Women',
      'The second half was moderated by Dr Senad Hodžić, who asked each table for one barrier.',
    ].join('\n');
    expect(candidateNamesInText(notes).sort()).to.deep.equal(['Ana Lukić', 'Ela Ionescu', 'Goran Petrović', 'Marta Kovač', 'Nadia Okafor', 'Senad Hodžić', 'Tariq Haddad']);
  });

  it('finds people named with a title (Ms, Dr, Mr, Prof), also when the session\'s verb opens the line', () => {
    const notes = [
      '### Deputy Minister of Health, Ms Aurelia Grosu-Țurcanu',
      'Presented by Dr Sergiu Rotaru, project coordinator',
      '**A (Mr. Țîcu):** E-prescription already exists.',
      'Prof Lindqvist said the model travels.',
    ].join('\n');
    expect(candidateNamesInText(notes).sort()).to.deep.equal(['Aurelia Grosu-Țurcanu', 'Lindqvist', 'Sergiu Rotaru', 'Țîcu']);
  });

  it('finds people named by their office, speakers before what they said, and a role in brackets', () => {
    const notes = [
      'Mayor Okonjo opened the hearing and Councillor Brandt summed up; cllr Pryce arrived late.',
      'Assessora Ricci to send the list of sites next week',
      '[14:02] Lidia Moretti (Food Bank): We see more working families every month.',
      'Samir Haddad: the buses stop at eight.',
      'Samir Haddad: and on Sundays there is no bus at all.',
      '09:15 Yara: the form is only online',
      '09:20 Yara: and my mother has no computer',
      '### Group 2: Housing (rapporteur: Milena Stoica)',
    ].join('\n');
    expect(candidateNamesInText(notes).sort()).to.deep.equal(['Brandt', 'Lidia Moretti', 'Milena Stoica', 'Okonjo', 'Pryce', 'Ricci', 'Samir Haddad', 'Yara']);
  });

  it('takes no heading, question label or role before a colon for a speaker', () => {
    const notes = [
      'Key Findings: most people walk to the clinic.',
      'We met on ms Teams; DR Congo and MS Teams were mentioned.',
      'Resident (Ward 3): asked why the road is not lit.',
      'Resident (Ward 5): said the same.',
      'Comment (nurse): the clinic closes too early.',
      'Comment (teacher): pupils have no bus.',
      'Facilitator: What stops you?',
      'Facilitator: Anything else?',
      'Note: the recording failed.',
      'Note: slides follow.',
    ].join('\n');
    expect(candidateNamesInText(notes)).to.deep.equal([]);
  });

  it('in notes written as who said what, takes every speaker, but no heading label that reads as common words', () => {
    const notes = [
      'Bernadette - damp in flat 14 since 2022, nobody came',
      'Kwame - the lift has been broken for six weeks',
      'Dorin (tenants assoc) - has a list of 40 repairs',
      'Time Constraints: some topics were not covered.',
      'Allocate Ample Time: plan longer discussions.',
      'Awareness: few people know the helpline.',
    ].join('\n');
    expect(candidateNamesInText(notes).sort()).to.deep.equal(['Bernadette', 'Dorin', 'Kwame']);
  });

  it('takes a chat sender compromise knows as a person for sure, and an organisation\'s account only as a candidate', () => {
    const chat = ['10:01 From Grace Atieno (she/her) to Everyone: women farmers get no alerts', '10:02 From Red Cross Kenya to Everyone: slides follow'].join('\n');
    const sure: string[] = [];
    const candidates = candidateNamesInText(chat, undefined, sure);
    expect(sure).to.deep.equal(['Grace Atieno']);
    expect(candidates).to.include('Red Cross Kenya');
  });

  it('takes a chat sender written as a given name and a surname for sure, though compromise does not know them', () => {
    const chat = ['10:02 From Sunny Nakato to Everyone: not sunny at all here', '10:03 From Youth Council to Everyone: hi', '10:04 From Secretariat to Everyone: slides'].join('\n');
    const sure: string[] = [];
    const candidates = candidateNamesInText(chat, undefined, sure);
    expect(sure).to.deep.equal(['Sunny Nakato']);
    expect(candidates).to.not.include('Sunny Nakato');
  });

  it('finds a relative or colleague named after the word, and the someone of a reporting verb, but no place, group or brand', () => {
    const notes = [
      'Test with real users first: I volunteer my grandmother nana Hajrije :)',
      'Reminder: photos only with consent - Teuta asked not to be pictured',
      'Beppe Arduino told the story of a boy who now mentors others.',
      'Respondents in Ilidža and Hrasnica said reliability got better',
      'Respondents from Trnovo and Pale asked for coordination',
      'Mayors asked to be members; Adviser mentioned the embassy; She said so too',
      'TEB and ProCredit said they are ready (Confcommercio says 1,800 vacancies)',
    ].join('\n');
    expect(candidateNamesInText(notes).sort()).to.deep.equal(['Beppe Arduino', 'Hajrije', 'Teuta']);
  });

  it('takes the people of an e-mail\'s header and of a reply\'s "wrote:" line for sure, and a name after a closing', () => {
    const thread = [
      'From: Ana Pereira <ana.pereira@example.org>',
      'Cc: Joy Nakato <joy@example.org>; Info Desk <info@example.org>',
      'Best,',
      'Ana',
      '> On Mon, 26 Jan 2026 at 09:14, Hope Akello <hope@example.com> wrote:',
      '>> Fiona MacGregor wrote:',
    ].join('\n');
    const sure: string[] = [];
    const candidates = candidateNamesInText(thread, undefined, sure);
    expect(sure.sort()).to.deep.equal(['Ana Pereira', 'Fiona MacGregor', 'Hope Akello', 'Info Desk', 'Joy Nakato']);
    expect(candidates).to.include('Ana');
  });

  it('takes a speaker of two words at a time on two lines for sure, though a word of theirs is an ordinary word', () => {
    const chat = ['[10:03] Hope M.: good morning!', '[10:08] Hope M.: we hope the data is shared', '[10:09] Key Points: none'].join('\n');
    const sure: string[] = [];
    candidateNamesInText(chat, undefined, sure);
    expect(sure).to.deep.equal(['Hope M.']);
  });

  it('reads a WhatsApp export\'s senders, initials with the first name they stand for, people quoted with their age and a shorthand people line', () => {
    const notes = [
      '[12/03/2026, 09:21] Sebas 🔧: Need 2 people to help at 5',
      '[12/03/2026, 09:34] Sebas 🔧: Perfect, thanks',
      'Moderators: WN (Wanjiru) and JO (Joseph)',
      '> "I\'d volunteer if someone asked me." – Summer, 15',
      'present: ana, goran, mk, grace (new), will from youth grp, the coordinator',
    ].join('\n');
    const sure: string[] = [];
    const candidates = candidateNamesInText(notes, undefined, sure);
    // "Summer" quoted with her age is sure: a given name that is also a word is a name in that shape.
    expect(sure.sort()).to.deep.equal(['Ana', 'Goran', 'Grace', 'Joseph O', 'Summer', 'Wanjiru N']);
    expect(candidates).to.include.members(['Sebas']);
    const groups: string[] = [];
    const listed = candidateNamesInText('Participants: farmers, teachers, parents\npresent: farmers, teachers, finance\nBestway Transport gave a quote', undefined, groups);
    expect([...groups, ...listed]).to.deep.equal([]);
  });

  it('reads no name in a title\'s or an organisation\'s possessive', () => {
    expect(namesInValue("Mayor's office")).to.deep.equal([]);
    expect(namesInValue("Ana's team")).to.deep.equal(["Ana's"]);
  });

  it('reads every name of a list of three or more between commas, and a name then a place or organisation as one name', () => {
    expect(namesInValue('Ravi Anand, Lotte Brink, Yusuf Demir')).to.deep.equal(['Ravi Anand', 'Lotte Brink', 'Yusuf Demir']);
    expect(namesInValue('Dragana (ill), Ljuba, Sanja')).to.deep.equal(['Dragana', 'Ljuba', 'Sanja']);
    expect(namesInValue('Ana, Marko and Ivana')).to.deep.equal(['Ana', 'Marko', 'Ivana']);
    expect(namesInValue('Marta Kovač, Zenica')).to.deep.equal(['Marta Kovač']);
    expect(namesInValue('Halima Osei, Flood Risk Lead, Riverside District Council')).to.deep.equal(['Halima Osei']);
    expect(namesInValue('Mayor Denise Okonjo; Councillor Ravi Anand')).to.deep.equal(['Denise Okonjo', 'Ravi Anand']);
    expect(namesInValue('Ana Lukić, UNICEF and Goran Ilić')).to.deep.equal(['Ana Lukić', 'Goran Ilić']);
    // "and" inside prose after the name joins no list: "Programs Innovation Portfolio" is an office, not a person.
    expect(namesInValue('Amy Wilson, Presidential Innovation Fellow, detailed over to the Technology Transformation Service Office of Products and Programs Innovation Portfolio')).to.deep.equal(['Amy Wilson']);
  });

  it('finds who asked a question in brackets after the question marker, and no organisation or place there', () => {
    const notes = ['**Q (Lucia Bianchi, parent, Via Roma residents\' committee):** Who pays for the bus?', 'Q (online, Kofi Mensah): are the slides shared?', 'Q (UNICEF): when does it start?', 'We chose option A (Microsoft Teams) for the calls.'].join('\n');
    expect(candidateNamesInText(notes).sort()).to.deep.equal(['Kofi Mensah', 'Lucia Bianchi']);
  });

  it('takes no one-word bullet of a brainstorm list for a signature; a name after a hyphen on the last line signs', () => {
    const list = ['### Group 11: what better government is', '- Accountable', '- Accessible (50% compliance, easy to find)', '- Risk Aversion', '- Cheap, scaleable', '- White House', 'Thanks for coming', '- Ana Lukić'].join('\n');
    expect(candidateNamesInText(list)).to.deep.equal(['Ana Lukić']);
  });

  it('takes no bullet\'s first word, no list of places and no organisation for a person', () => {
    const notes = [
      '- Scam messages in our language make people distrust everything',
      '- Teachers need training before the tablets arrive',
      '– Cheaper data packages for pensioners.',
      'Places, Novi Sad and Banja Luka, Serbia',
      'It was presented by the Ministry of Education and hosted by UNICEF.',
    ].join('\n');
    expect(candidateNamesInText(notes)).to.deep.equal([]);
  });

  it('finds someone set off beside a role, before "who" or after "call"/"contact", and a given name that is also a word there for sure', () => {
    const notes = [
      'P3: The chief, Odhiambo, promised a gutter in January.',
      'P7: Also Grace, the nurse from the dispensary, can tell you more.',
      'The chairman is Kiprop.',
      'And the toilets. Faith who cleans them is not paid.',
      'Follow-up: JO to call Wekesa re the wages; WN to contact Hope W. re petition.',
      'Haris (a teacher) and Rose Adeyemi (UNDP volunteer) disagreed; youth services librarian Kwame Asante has run a pilot.',
      'A few residents (including Grace, 80) asked for large print. "I would not let his sister Hope do the same."',
      '> 2. The enumerator from Kongwa (Juma) coded some answers wrongly. AK will check with Gjorgji\'s carer.',
      '3.4 Bill Krasinski, Frank Street, asked about parking. Comment by Sunny Dimovska (high-school pupil): too dark.',
    ].join('\n');
    const sure: string[] = [];
    expect([...new Set(candidateNamesInText(notes, undefined, sure))].sort()).to.deep.equal(["Gjorgji's", 'Haris', 'Juma', 'Kiprop', 'Kwame Asante', 'Odhiambo', 'Sunny Dimovska', 'Wekesa']);
    expect([...new Set(sure)].sort()).to.deep.equal(['Bill Krasinski', 'Faith', 'Grace', 'Hope', 'Hope W', 'Rose Adeyemi', 'Sunny Dimovska']);
  });

  it('takes no role phrase, group or organisation beside a role, before "who" or after "contact" for a person', () => {
    const notes = [
      'Access, the chief barrier, is the bus fare.',
      'Parents, the teacher said, cannot pay.',
      'Those who came early left early. Farmers who sell online need data.',
      'JO to contact UNICEF and the Red Cross about the tents.',
      'The coordinator is Oxfam.',
      'Ask the teacher Training Unit; the trainer (a volunteer) came. Volunteers (the farmer) said.',
      'Ask Dom zdravlja about the wells; call Niš shop re payments; invite Toplane + the Centre for Social Work.',
      '2.1 Water Quality, Item 4, noted for the record. The coordinator (UNDP) agreed.',
      '- **Target agreed:** every household reached by a warning within 2 hours',
    ].join('\n');
    expect(candidateNamesInText(notes)).to.deep.equal([]);
  });
});

describe('privacy: who is thanked, a chat message header, who wrote a point, forms of address', () => {
  const all = (text: string): string[] => {
    const sure: string[] = [];
    const out = candidateNamesInText(text, undefined, sure);
    return [...new Set([...out, ...sure])];
  };

  it('takes the people a thanks names, in English, French, Spanish and Bosnian, but not what a thanks is for', () => {
    expect(all('Thanks to Amara, Josué and Wanjiru for the induction sessions, to Khalid for running the surgery, to Bilal, Noor and the youth group for a presentation.')).to.have.members(['Amara', 'Josué', 'Wanjiru', 'Khalid', 'Bilal', 'Noor']);
    expect(all('Merci à Fatou Bintou pour la facilitation, à Mamadou Lamine et Awa de l’équipe logistique.')).to.have.members(['Fatou Bintou', 'Mamadou Lamine', 'Awa']);
    expect(all('Brother drives my mother to hospital. Thank you Senad!')).to.include('Senad');
    expect(all('Gracias a Rocío por todo. Hvala Lejla.')).to.have.members(['Rocío', 'Lejla']);
    // A given name that is also a word is someone here ("to Summer and Frank for sorting out the minibus").
    expect(all('Thanks also to Summer and Frank for sorting out the minibus.')).to.have.members(['Summer', 'Frank']);
    // "Thanks to" as "because of", a group, an organisation's acronym: no one.
    expect(all('Thanks to Facebook groups, more parents came. Thanks to the Municipality for the hall. Thanks everyone! Thank you for coming.')).to.deep.equal([]);
  });

  it("takes a chat export's sender from a message header alone on its line, sure when two words", () => {
    const sure: string[] = [];
    const out = candidateNamesInText('[2026-11-12 08:58] Amina Kowalczyk (@amina.k)\nmorning all, agenda is pinned\n\n[2026-11-12 09:11] Олена Коваленко (@olena.kov)\nCan I join remotely?\n[09:20] Rafał\nok\nGrace Mensah  9:33 AM\ngreat', undefined, sure);
    expect(sure).to.have.members(['Amina Kowalczyk', 'Олена Коваленко', 'Grace Mensah']);
    expect(out).to.include('Rafał');
  });

  it('takes who wrote the points of a flipchart transcription (three points or more), not one bracket or a place', () => {
    const board = [
      '- harassment on the bus, no one to report to (Selin + Derya)',
      '- drivers do not stop for women alone at night (Ayşe H.)',
      '- mates shouting and pushing — Abena',
      '- Circle is the worst at rush hour (Accra)',
      '* more buses at night (Selin)',
    ].join('\n');
    expect(all(board)).to.include.members(['Selin', 'Derya', 'Ayşe H.', 'Abena']);
    expect(all(board)).to.not.include('Accra');
    expect(all('- training for teachers (Oxfam)\n- a fund for repairs')).to.deep.equal([]);
  });

  it("reads note-taker keys in other languages as people fields, an action tracker's owner columns apart, not a question", () => {
    for (const key of ['Your name (optional)', 'Protokoll', 'Relatora', 'Facilitadora', 'Animatrice']) expect(isPersonKey(key), key).to.equal(true);
    for (const key of ['owner', 'Owner', 'Task owner', 'action_owner', 'Assigned to', 'Assignee', 'Who', 'Responsible']) expect([isOwnerKey(key), isPersonKey(key)], key).to.deep.equal([true, false]);
    for (const key of ['Who should be involved?', 'Organisation', 'Owner organisation', 'Status']) expect([isOwnerKey(key), isPersonKey(key)], key).to.deep.equal([false, false]);
  });

  it("takes a chat's timed speaker whose given name is a word as someone ('[00:14:55] Hope Eyo:')", () => {
    const sure: string[] = [];
    candidateNamesInText('[00:14:55] Hope Eyo: Q: How can residents report blocked drains?\n[00:15:48] Hope Eyo: Thank you ❤️', undefined, sure);
    expect(sure).to.include('Hope Eyo');
  });

  it("takes a next step's owner written as initials for someone's, not an acronym or a word", () => {
    expect(['KH + WN', 'FO / DL', 'IK et MD', 'JRO', 'mk + dj', 'M.K.'].map(ownerInitials)).to.deep.equal([['KH', 'WN'], ['FO', 'DL'], ['IK', 'MD'], ['JRO'], ['mk', 'dj'], ['M.K.']]);
    expect(['UN', 'HR + KH', 'IOM', 'we', 'Comms team', 'Ana', 'TBC'].map(ownerInitials)).to.deep.equal([[], [], [], [], [], [], []]);
    // Found wherever written so, case kept.
    const matcher = createNameMatcher([], () => false, undefined, ['KH', 'mk']);
    expect(matcher.find('KH + WN to draft; ask KH. mk said ok; MK Teams; khaki').map((s) => s.text)).to.deep.equal(['KH', 'KH', 'mk']);
  });

  it("takes a live chat's usernames, not a label, a number, a role or a mailbox", () => {
    const chat = ['[00:04:10] iam_kemi: Engr Folake is right', '[00:16:30] Kunle_DaArchitect: setbacks', '[10:01] update: x', '[10:02] Ana Lukić: hi', '[10:03] ada2024: yes', '[10:04] 2024: no', '[10:05] host_1: welcome', '[10:06] info.desk: hi'].join('\n');
    expect(chatUsernames(chat)).to.deep.equal(['iam_kemi', 'Kunle_DaArchitect', 'ada2024']);
  });

  it("reads an acronym a text defines for an organisation or a project, not a person's initials", () => {
    expect(definedAcronyms('Project: Rural Digital Classrooms (RDC), phase 2. Hosted by the Open Municipalities Network (OMN). Notes: Lena Hofbauer-Nikolić (LHN).')).to.deep.equal(['RDC', 'OMN']);
  });

  it('takes a given name before a word of respect written after it, not the word alone', () => {
    expect(all('We met Rahim bhai at the shop; Ahmet Bey and Selin Hanım came; ask Ayşe teyze.')).to.include.members(['Rahim', 'Ahmet', 'Selin', 'Ayşe']);
    expect(all('The Bey Street; Teyze')).to.deep.equal([]);
  });

  it('reads Spanish, Portuguese, Polish and Indonesian forms of address, in lower case too', () => {
    expect(all('We met don Julio and doña Eusebia; seu Zé came later. The social worker, pani Agnieszka, visits monthly. Pak Budi collects complaints.')).to.include.members(['Julio', 'Eusebia', 'Zé', 'Agnieszka', 'Budi']);
  });
});

describe('privacy: known names from candidates', () => {
  const never = (): boolean => false;
  it('takes no candidate with a sentence\'s end inside it, but keeps a title\'s full stop', () => {
    const names = knownNames({ listed: [], candidates: ['June. Children', 'Dr. Musyoka', 'Hon. Mary Akinyi', 'Mirjana K.'] }, never);
    expect(names).to.deep.equal(['Dr. Musyoka', 'Hon. Mary Akinyi', 'Mirjana K.']);
  });

  it('takes no speaker from a people line in notes written as who said what ("Apol: Ruth Adhiambo")', () => {
    const notes = ['Apol: Ruth Adhiambo (sick)', 'Kamau: the tap leaks', 'Ouma: not my plot', 'Baraka: we will visit', 'Akinyi: thank you'].join('\n');
    const sure: string[] = [];
    const out = candidateNamesInText(notes, undefined, sure);
    expect([...out, ...sure]).to.include('Ouma').and.not.include('Apol');
  });

  it('takes no role or title alone for a name', () => {
    expect(knownNames({ listed: [], candidates: ['Chief', "Chief's", 'Mayor', 'Kamau'] }, never)).to.deep.equal(['Kamau']);
  });

  it("takes no candidate that opens with a place's or an organisation's word", () => {
    const names = knownNames({ listed: [], candidates: ['Avenida Simón Bolívar', 'Premio Micaela Bastidas', 'Fiesta de Santa Rosa', 'Simón Bolívar'] }, never);
    expect(names).to.deep.equal(['Simón Bolívar']);
  });

  it('reads "Hon." as a title before a name, as "Dr" and "Mr" are', () => {
    const sure: string[] = [];
    candidateNamesInText('10:18:55 From Otieno Ochieng to Everyone: Hon. Akinyi we should talk about the budget', undefined, sure);
    expect(sure).to.include('Akinyi');
  });
});
