// Rows of the follow-up webinar poll (long form: one row per participant and question); empty answers were skipped.

export const POLL_SHEET = 'Poll results';
export const POLL_HEADERS = ['participant', 'organisation type', 'question', 'answer'] as const;

export const POLL_QUESTIONS = [
  'What did you learn from the case studies?',
  'What support does your organisation need?',
] as const;

/** A participant of the webinar with an answer to each poll question ('' = skipped). */
export interface PollParticipant {
  participant: string;
  organisationType: string;
  answers: [string, string];
}

export const POLL_PARTICIPANTS: PollParticipant[] = [
  { participant: 'Adelina K.', organisationType: 'civil society', answers: [
    'That peer trainers from the same village keep going after the project ends, which outside experts never do.',
    'Core funding for at least two years so we can keep our trainer.' ] },
  { participant: 'Bojan S.', organisationType: 'government', answers: [
    'The municipality giving a room and a contact person is what made the hub survive after the donor money stopped.',
    'Our municipality needs a trained person to run the digital corner, we have the room but nobody to staff it.' ] },
  { participant: 'Vjosa M.', organisationType: 'civil society', answers: [
    'Starting with a real task, like booking a doctor, keeps women coming back.',
    'Training on IT security and data protection, because we store data on survivors of violence.' ] },
  { participant: 'Maja R.', organisationType: 'community group', answers: [
    'Mothers and daughters learning together makes fathers less suspicious of the whole thing.',
    'Money for transport so that women from the remote villages can attend.' ] },
  { participant: 'Giulia F.', organisationType: 'civil society', answers: [
    'The case from Basilicata showed how public libraries can work as digital access points with a trained librarian.',
    '' ] },
  { participant: 'Dritan H.', organisationType: 'private sector', answers: [
    'Negotiating a tariff with an operator is possible when several municipalities ask together.',
    'Contacts with NGOs that can use our refurbished laptops.' ] },
  { participant: 'Snežana P.', organisationType: 'academia', answers: [
    'Measuring results properly convinces donors more than photos of full rooms.',
    'Monitoring and evaluation tools simple enough for a small team, and help to use them.' ] },
  { participant: 'Learta B.', organisationType: 'community group', answers: [
    '',
    'New laptops and a projector; right now we train on our own phones.' ] },
  { participant: 'Nikola D.', organisationType: 'international organisation', answers: [
    'Free data alone is not enough, it only changed habits when it came with a short course.',
    'Better data on who is offline, so we can target support.' ] },
  { participant: 'Emina T.', organisationType: 'civil society', answers: [
    'A chat line for girls works better than a phone line because they do not want to be overheard at home.',
    'Legal advice for cases of blackmail with intimate photos, we do not know how to proceed.' ] },
  { participant: 'Arjana L.', organisationType: 'civil society', answers: [
    'Safety has to be in the first session, not the last; one pilot lost people after a scam.',
    'Help with online fundraising and with writing proposals for EU calls.' ] },
  { participant: 'Tijana V.', organisationType: 'community group', answers: [
    'Short weekly sessions work better than one intensive week.',
    'Small grants without co-financing, we simply cannot match funds.' ] },
  { participant: 'Besnik Q.', organisationType: 'government', answers: [
    'Even small pilots produce evidence that ministries will listen to.',
    'Guidance on making our e-services simpler for first-time users.' ] },
  { participant: 'Lucia M.', organisationType: 'donor', answers: [
    'Trust in the trainer is the main reason women come, more than the topic.',
    '' ] },
  { participant: 'Hana Z.', organisationType: 'civil society', answers: [
    'How to involve the police without scaring the girls away, the joint session format was very useful.',
    'A named contact person at the police for cases of online abuse.' ] },
  { participant: 'Marija J.', organisationType: 'academia', answers: [
    'Girls who worked as trainers gained confidence themselves, so there is a double benefit.',
    'Methods for teaching adults who start from zero; our trainers are used to students.' ] },
  { participant: 'Fatime G.', organisationType: 'community group', answers: [
    'Using a messaging group for follow-up keeps participants engaged between the sessions.',
    'Someone to help us build a simple website and manage our social media page.' ] },
  { participant: 'Ognjen K.', organisationType: 'private sector', answers: [
    '',
    'N/A' ] },
  { participant: 'Elena S.', organisationType: 'civil society', answers: [
    'Working in local languages made the biggest difference, in materials and in the sessions.',
    'Ready-made training modules in Macedonian and Albanian that we can adapt.' ] },
  { participant: 'Ardita P.', organisationType: 'civil society', answers: [
    'Childcare during the sessions doubled attendance in one of the pilots.',
    'Psychological support for our staff who handle online violence cases, burnout is real.' ] },
  { participant: 'Zoran M.', organisationType: 'international organisation', answers: [
    'The radio series reached older women who had no internet at all and then brought some of them online.',
    'Better coordination between donors so we stop funding the same villages twice.' ] },
  { participant: 'Mimoza R.', organisationType: 'community group', answers: [
    'How three associations set up one online shop with a small grant. Very practical!',
    'Licensed software, cloud storage and a decent internet connection in our office.' ] },
  { participant: 'Sara N.', organisationType: 'civil society', answers: [
    'nothing new for us honestly, but good to hear that others have the same problems',
    'Connections with other organisations in the region, to share experience and materials.' ] },
  { participant: 'Ilir D.', organisationType: 'government', answers: [
    'That coverage maps from operators do not match reality in the villages, we need our own checks.',
    'Support to negotiate coverage obligations with the telecom operators.' ] },
  { participant: 'Jovana B.', organisationType: 'civil society', answers: [
    'Accessibility was missing from most case studies; women with disabilities were hardly mentioned.',
    'Guidance on accessibility for women with disabilities, and a budget for assistive tools.' ] },
];
