// Bench generator: seeded, realistic survey exports of any size (answers from known themes with synonyms and noise) plus a few notes documents.
import { createRandom, type Random } from '../src/pipeline/random.ts';

/** One theme of a question: clauses with {slot} placeholders, and the synonyms each slot draws from. */
export interface ThemeSpec {
  id: string;
  clauses: string[];
  slots: Record<string, string[]>;
}

export interface QuestionSpec {
  header: string;
  themes: ThemeSpec[];
}

/** Openers, fillers and hedges any answer may carry: words shared by all themes (the noise). */
const OPENERS = [
  'Honestly,', 'In my experience,', 'From what I see in our community,', 'I think', 'For us', 'Mostly', 'To be frank,',
  'As a volunteer I can say', 'Speaking for our members,', 'In our municipality', 'Where I live', '',
];
const FILLERS = [
  'this has been the case for years', 'nobody seems to take it seriously', 'it affects women more than men',
  'we raised it many times at meetings', 'things are slowly getting better', 'the situation is the same in the next town',
  'it is worse in winter', 'young people cope better than their parents', 'the pandemic made it more visible',
  'local officials know about it', 'it depends a lot on the family', 'we see it every week at the centre',
];

const S = {
  cost: ['expensive', 'too costly', 'unaffordable', 'overpriced', 'far too dear'],
  net: ['internet', 'broadband', 'mobile data', 'the monthly data plan', 'a home connection', 'wifi at home'],
  skills: ['digital skills', 'computer skills', 'basic IT knowledge', 'know-how with smartphones', 'digital literacy'],
  people: ['older women', 'elderly people', 'seniors', 'women over fifty', 'grandmothers', 'many adults'],
  place: ['villages', 'remote areas', 'rural settlements', 'mountain communities', 'the countryside', 'hamlets'],
  signal: ['no signal', 'weak coverage', 'a poor mobile network', 'unstable connections', 'dead zones'],
  device: ['a laptop', 'a smartphone', 'a computer', 'a tablet', 'a decent phone'],
  lang: ['their own language', 'Albanian', 'Serbian', 'plain words', 'the local language', 'Romani'],
  portal: ['government websites', 'the e-services portal', 'online forms', 'official apps', 'e-government pages'],
  risk: ['scams', 'online fraud', 'harassment online', 'identity theft', 'stalking on social media', 'fake messages'],
  care: ['childcare', 'looking after children', 'caring for elderly parents', 'housework', 'family duties'],
  time: ['no free time', 'long working hours', 'shifts in the fields', 'no spare minute', 'a double workload'],
  paper: ['paperwork', 'documents', 'certificates', 'registration papers', 'a personal ID', 'an electronic signature'],
  office: ['the municipal office', 'the registry', 'public offices', 'the tax office', 'the local administration'],
  course: ['free courses', 'training sessions', 'hands-on workshops', 'evening classes', 'small group lessons'],
  centre: ['community centres', 'libraries', 'local schools', 'youth clubs', 'the women\'s centre'],
  voucher: ['vouchers', 'subsidies', 'social tariffs', 'discounts', 'a monthly allowance'],
  lend: ['lending', 'borrowing', 'loan schemes for', 'shared pools of', 'rental of'],
  tower: ['new antennas', 'fibre lines', 'mobile masts', 'broadband cables', 'network upgrades'],
  invest: ['invest in', 'build', 'pay for', 'finance', 'speed up'],
  simple: ['simpler', 'clearer', 'easier', 'more user-friendly', 'shorter'],
  campaign: ['awareness campaigns', 'information sessions', 'radio spots', 'leaflets and posters', 'TV messages'],
  safe: ['staying safe online', 'protecting passwords', 'spotting scams', 'privacy settings', 'reporting abuse'],
  fund: ['stable funding', 'core grants', 'multi-year money', 'budget lines', 'long-term support'],
  ngo: ['women\'s organisations', 'local NGOs', 'grassroots associations', 'rural women\'s groups', 'civil society'],
  flexible: ['flexible hours', 'weekend sessions', 'childcare on site', 'short evening slots', 'sessions near home'],
};

/** The generator's two open questions and their true themes (eight each). */
export const QUESTIONS: QuestionSpec[] = [
  {
    header: 'What are the main barriers to using digital services where you live?',
    themes: [
      { id: 'b-cost', slots: { cost: S.cost, net: S.net }, clauses: ['{net} is {cost} for most households', 'families cannot pay for {net} because it is {cost}', 'the price of {net} is {cost} compared to wages', 'after bills there is nothing left for {net}, it is {cost}'] },
      { id: 'b-skills', slots: { skills: S.skills, people: S.people }, clauses: ['{people} lack {skills}', '{people} never learned {skills}', 'without {skills} {people} are afraid to try', 'there is no one to teach {people} {skills}'] },
      { id: 'b-coverage', slots: { place: S.place, signal: S.signal }, clauses: ['in {place} there is {signal}', '{place} still have {signal}', 'you get {signal} once you leave town for {place}', 'operators ignore {place}, so people live with {signal}'] },
      { id: 'b-devices', slots: { device: S.device }, clauses: ['many women do not own {device}', 'the whole family shares {device}', 'buying {device} is out of reach', 'girls have to borrow {device} from relatives'] },
      { id: 'b-language', slots: { lang: S.lang, portal: S.portal }, clauses: ['{portal} are not available in {lang}', '{portal} are confusing and not written in {lang}', 'people give up because {portal} never use {lang}', 'instructions on {portal} should be in {lang}'] },
      { id: 'b-safety', slots: { risk: S.risk }, clauses: ['women are afraid of {risk}', 'fear of {risk} keeps people offline', 'after {risk} many stopped using the internet', 'parents worry about {risk} and forbid girls to go online'] },
      { id: 'b-time', slots: { care: S.care, time: S.time }, clauses: ['with {care} women have {time}', '{care} leaves {time} for learning', 'between {care} and {time} nobody can attend', 'women carry {care} and have {time}'] },
      { id: 'b-paperwork', slots: { paper: S.paper, office: S.office }, clauses: ['getting {paper} from {office} takes months', '{office} still asks for {paper} in person', 'you need {paper} before any e-service works', 'nobody at {office} explains which {paper} you need'] },
    ],
  },
  {
    header: 'What should be done first to close the gap?',
    themes: [
      { id: 'a-training', slots: { course: S.course, centre: S.centre }, clauses: ['organise {course} in {centre}', 'offer {course} for women at {centre}', '{centre} could host {course} every week', 'run {course} close to home, in {centre}'] },
      { id: 'a-subsidy', slots: { voucher: S.voucher, net: S.net }, clauses: ['give {voucher} for {net} to poor families', 'introduce {voucher} so that {net} becomes affordable', 'the state should fund {voucher} for {net}', '{voucher} for {net} for single mothers'] },
      { id: 'a-devices', slots: { lend: S.lend, device: S.device }, clauses: ['start {lend} {device} through the library', 'set up {lend} {device} in each village', 'schools could organise {lend} {device} for girls', 'donors should support {lend} {device}'] },
      { id: 'a-network', slots: { invest: S.invest, tower: S.tower, place: S.place }, clauses: ['{invest} {tower} in {place}', 'operators must {invest} {tower} for {place}', 'the ministry should {invest} {tower} reaching {place}', 'we need to {invest} {tower} so {place} get connected'] },
      { id: 'a-portals', slots: { simple: S.simple, portal: S.portal }, clauses: ['make {portal} {simple}', '{portal} must become {simple} to use', 'redesign {portal} to be {simple}', 'test {portal} with real users until they are {simple}'] },
      { id: 'a-safety', slots: { campaign: S.campaign, safe: S.safe }, clauses: ['run {campaign} about {safe}', '{campaign} on {safe} for mothers and daughters', 'teach {safe} through {campaign}', 'fund {campaign} that explain {safe}'] },
      { id: 'a-flexible', slots: { flexible: S.flexible, care: S.care }, clauses: ['plan training with {flexible} because of {care}', 'offer {flexible} so women with {care} can join', 'without {flexible} women busy with {care} will not come', 'organisers should think of {care} and offer {flexible}'] },
      { id: 'a-funding', slots: { fund: S.fund, ngo: S.ngo }, clauses: ['give {ngo} {fund}', '{ngo} need {fund} to continue', 'donors should provide {fund} to {ngo}', 'trust {ngo} and give them {fund}'] },
    ],
  },
];

const ORG_TYPES = ['civil society', 'public institution', 'community group', 'private sector', 'academia', 'international organisation'];
const COUNTRIES = ['Albania', 'Bosnia and Herzegovina', 'Kosovo', 'Montenegro', 'North Macedonia', 'Serbia'];
const AGES = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

export interface GeneratedSurvey {
  /** The CSV export (header row first, CRLF-free, RFC 4180 quoting). */
  csv: string;
  /** Notes documents: file name -> Markdown text. */
  notes: Record<string, string>;
  /** True theme of every non-blank answer: `${respondentId}\t${questionIndex}` -> theme id. */
  truth: Map<string, string>;
  /** Answers in order, for the reference implementation: question index, text and true theme. */
  answers: { respondentId: string; question: number; text: string; theme: string }[];
}

const pick = <T>(r: Random, list: readonly T[]): T => list[r.int(list.length)]!;

function fill(r: Random, clause: string, slots: Record<string, string[]>): string {
  return clause.replace(/\{(\w+)\}/g, (_, name: string) => pick(r, slots[name] ?? [name]));
}

/** A typo now and then: a swapped pair of letters in one longer word. */
function typo(r: Random, text: string): string {
  const words = text.split(' ');
  const i = r.int(words.length);
  const w = words[i]!;
  if (w.length < 5) return text;
  const j = 1 + r.int(w.length - 3);
  words[i] = w.slice(0, j) + w[j + 1] + w[j] + w.slice(j + 2);
  return words.join(' ');
}

const wordCount = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/**
 * One answer of 10-60 words about `theme`: an optional opener, one to three clauses of the theme,
 * sometimes a clause of another theme of the same question (ambiguity), filler and typos (noise).
 */
export function generateAnswer(r: Random, question: QuestionSpec, theme: ThemeSpec): string {
  const parts: string[] = [];
  const clauses = 1 + r.int(3);
  for (let c = 0; c < clauses; c++) parts.push(fill(r, pick(r, theme.clauses), theme.slots));
  if (r.next() < 0.15) {
    const other = pick(r, question.themes);
    parts.push(`also ${fill(r, pick(r, other.clauses), other.slots)}`);
  }
  while (r.next() < 0.45 || wordCount(parts.join(' ')) < 10) parts.push(pick(r, FILLERS));
  const opener = pick(r, OPENERS);
  let text = parts.map((p, i) => (i === 0 ? p : r.next() < 0.5 ? `. ${p.charAt(0).toUpperCase()}${p.slice(1)}` : `, and ${p}`)).join('');
  text = `${opener ? `${opener} ` : ''}${text}`.trim();
  const words = text.split(/\s+/);
  if (words.length > 60) text = words.slice(0, 60).join(' ');
  text = text.replace(/[,.\s]+$/, '');
  text = `${text.charAt(0).toUpperCase()}${text.slice(1)}${r.next() < 0.8 ? '.' : ''}`;
  if (r.next() < 0.1) text = typo(r, text);
  if (r.next() < 0.05) text = text.toLowerCase();
  return text;
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Notes documents: breakout write-ups with headings and bullets drawn from the same themes. */
function generateNotes(r: Random): Record<string, string> {
  const notes: Record<string, string> = {};
  const [barriers, actions] = QUESTIONS as [QuestionSpec, QuestionSpec];
  for (const group of ['A', 'B', 'C']) {
    const lines = [`# Breakout group ${group}: digital inclusion of women`, '', 'Date: 2026-05-12', 'Facilitator: Bench Generator', '', '## Obstacles', ''];
    for (let i = 0; i < 12; i++) {
      const t = pick(r, barriers.themes);
      lines.push(`- ${capitalise(fill(r, pick(r, t.clauses), t.slots))}.`);
    }
    lines.push('', '## Proposed actions', '');
    for (let i = 0; i < 12; i++) {
      const t = pick(r, actions.themes);
      lines.push(`- ${capitalise(fill(r, pick(r, t.clauses), t.slots))}.`);
    }
    lines.push('', '## Who must be involved', '', '- Municipalities and the ministry in charge of digital services.', '- Telecom operators, schools and local libraries.', '- Women\'s organisations and community leaders.', '');
    notes[`breakout-${group.toLowerCase()}.md`] = lines.join('\n');
  }
  return notes;
}

function capitalise(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}

/**
 * Generate a survey export with `answers` open answers in all (two questions per respondent,
 * so answers/2 respondents), attribute columns, about 4% blank or non-answers, and three notes
 * documents. Same `answers` and `seed` give the same bytes.
 */
export function generateSurvey(answers: number, seed: number): GeneratedSurvey {
  const r = createRandom(seed);
  const respondents = Math.max(1, Math.ceil(answers / QUESTIONS.length));
  const width = Math.max(5, String(respondents).length);
  const header = ['respondent_id', 'submitted_at', 'organisation_type', 'country', 'age_group', ...QUESTIONS.map((q) => q.header)];
  const rows: string[] = [header.map(csvCell).join(',')];
  const truth = new Map<string, string>();
  const out: GeneratedSurvey['answers'] = [];
  let made = 0;
  for (let i = 1; i <= respondents; i++) {
    const id = `R${String(i).padStart(width, '0')}`;
    const org = pick(r, ORG_TYPES);
    const day = 1 + r.int(28);
    const cells = [id, `2026-04-${String(day).padStart(2, '0')}`, org, pick(r, COUNTRIES), pick(r, AGES)];
    QUESTIONS.forEach((q, qi) => {
      if (made >= answers) {
        cells.push('');
        return;
      }
      made++;
      const roll = r.next();
      if (roll < 0.03) {
        cells.push('');
        return;
      }
      if (roll < 0.04) {
        cells.push(pick(r, ['N/A', '-', "don't know", 'same as above']));
        return;
      }
      // Themes are unevenly popular (realistic), and an organisation type leans to one theme.
      const skew = r.next() < 0.2 ? ORG_TYPES.indexOf(org) % q.themes.length : Math.min(q.themes.length - 1, Math.floor(q.themes.length * r.next() ** 1.4));
      const theme = q.themes[skew]!;
      const text = generateAnswer(r, q, theme);
      truth.set(`${id}\t${qi}`, theme.id);
      out.push({ respondentId: id, question: qi, text, theme: theme.id });
      cells.push(text);
    });
    rows.push(cells.map(csvCell).join(','));
  }
  return { csv: `${rows.join('\n')}\n`, notes: generateNotes(r), truth, answers: out };
}
