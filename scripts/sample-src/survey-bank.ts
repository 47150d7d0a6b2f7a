// Answer banks for the sample survey: per question, themes with phrasings, plus respondent attributes and biases.

/** Organisation types offered in the survey form. */
export const ORG_TYPES = [
  'civil society',
  'community group',
  'government',
  'academia',
  'private sector',
  'international organisation',
  'donor',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** A weighted choice. */
export interface Weighted<T> {
  value: T;
  weight: number;
}

/** How respondents are spread over the attribute columns. */
export const RESPONDENT_MIX = {
  orgTypes: [
    { value: 'civil society', weight: 34 },
    { value: 'community group', weight: 22 },
    { value: 'government', weight: 15 },
    { value: 'academia', weight: 9 },
    { value: 'private sector', weight: 8 },
    { value: 'international organisation', weight: 8 },
    { value: 'donor', weight: 4 },
  ] as Weighted<OrgType>[],
  countries: [
    { value: 'Serbia', weight: 20 },
    { value: 'Albania', weight: 18 },
    { value: 'North Macedonia', weight: 16 },
    { value: 'Bosnia and Herzegovina', weight: 15 },
    { value: 'Kosovo', weight: 13 },
    { value: 'Montenegro', weight: 9 },
    { value: 'Italy', weight: 6 },
    { value: 'Other', weight: 3 },
  ] as Weighted<string>[],
  ageGroups: [
    { value: '18-24', weight: 10 },
    { value: '25-34', weight: 24 },
    { value: '35-44', weight: 27 },
    { value: '45-54', weight: 21 },
    { value: '55-64', weight: 13 },
    { value: '65+', weight: 5 },
  ] as Weighted<string>[],
  /** Empty: did not take part in a breakout group. */
  breakoutGroups: [
    { value: 'A', weight: 17 },
    { value: 'B', weight: 17 },
    { value: 'C', weight: 16 },
    { value: 'D', weight: 14 },
    { value: '', weight: 36 },
  ] as Weighted<string>[],
};

/** One theme of one question: full-sentence phrasings, short list items, and follow-on details. */
export interface ThemeBank {
  /** Unique across questions, e.g. `barrier-cost`. */
  id: string;
  /** The theme's name as an analyst would write it (goes to the truth file). */
  label: string;
  /** Relative size before attribute biases. */
  weight: number;
  /** Complete answers, one or two sentences each. */
  cores: string[];
  /** Noun phrases used when a respondent answers with a list. */
  shorts: string[];
  /** A further sentence that may follow a core of the same theme. */
  details: string[];
}

/** A substantive point made by one respondent only. */
export interface RareAnswer {
  label: string;
  text: string;
}

/** Everything needed to generate answers to one open question. */
export interface QuestionBank {
  key: 'q1' | 'q2' | 'q3';
  header: string;
  /** Prefixes; the phrase that follows is lower-cased unless the prefix ends a sentence (`. `, `? `). */
  openers: string[];
  closers: string[];
  /** Introductions to list-style answers. */
  listIntros: string[];
  themes: ThemeBank[];
  rare: RareAnswer[];
}

const q1: QuestionBank = {
  key: 'q1',
  header: 'What are the main barriers that keep women and girls in your area from using digital tools and services?',
  openers: [
    'In my experience: ', 'I see it every day. ', 'From our work in the field: ', 'The main barrier is this: ',
    'For women in our municipality, mainly this: ', 'Honestly? ', 'Above all: ', 'In the villages where we work it is clear. ',
    'Where I live the answer is simple. ', 'To be honest, ', 'First and foremost: ', 'I think ',
  ],
  closers: [
    ' This is what we hear from women every day.', ' It is worse for older women.', ' And nobody talks about it.',
    ' That is the reality outside the cities.', ' (based on our focus groups last year)', ' I see it in my own family.',
  ],
  listIntros: ['Main barriers: ', 'Several things: ', 'In short: ', 'A few: ', 'Barriers I see: '],
  themes: [
    {
      id: 'barrier-cost',
      label: 'cost of devices and data',
      weight: 24,
      cores: [
        'Smartphones and laptops are too expensive for most families in the villages, so women end up with an old phone that barely works.',
        'Mobile data packages cost too much compared with what a woman earns from selling milk or vegetables at the market.',
        'The cost. A decent phone is a month of pension for many households and the internet bill comes on top of that.',
        'Many women do not have a device of their own; there is one phone per household and it is used by everyone else first.',
        'Prepaid data runs out after a few days and then they are offline until someone tops it up again.',
        'Families cannot afford a computer for the girls, so homework and online courses are done on a cracked phone screen.',
        'Home internet subscriptions are expensive and operators ask for a two-year contract that poor households cannot commit to.',
        'Money, simply. When you have to choose between paying for internet and buying food or medicine, the internet loses.',
        'Girls share one tablet with three or four siblings, and the mother is the last in line to use it.',
        'Even where there is coverage, the price of a data bundle is out of reach for unemployed women and single mothers.',
      ],
      shorts: ['expensive data', 'the price of smartphones', 'no device of their own', 'high internet bills', 'the cost of a laptop'],
      details: [
        'Older women are often left with the cheapest phone in the family.',
        'Social tariffs may exist in the capital but nobody in the village has heard of them.',
        'When money is tight the internet is the first thing to be cut.',
        'Second-hand phones break quickly and repairs cost almost as much as a new one.',
      ],
    },
    {
      id: 'barrier-connectivity',
      label: 'poor connectivity in rural areas',
      weight: 20,
      cores: [
        'There is no stable internet in the mountain villages; the signal disappears as soon as you walk out of the centre.',
        'Broadband has not reached our area. People climb to the hill above the school to get one bar of signal.',
        'The connection is very slow and drops all the time, so video calls or online classes are impossible.',
        'Some hamlets have no mobile coverage at all, only the old landline, and operators say it does not pay to build there.',
        'Internet works in the town but not in the surrounding villages where most of the women actually live.',
        'Poor infrastructure: power cuts in winter and a weak signal mean you cannot count on being online when you need it.',
        'The fibre stops at the municipal building. Beyond that it is 3G at best, and only near the main road.',
        'Online services need a good connection to upload documents, and our connection simply cannot handle it.',
        'Coverage maps say we are covered, but inside the old stone houses the signal is close to zero.',
      ],
      shorts: ['no signal in the villages', 'slow and unstable internet', 'no broadband', 'weak mobile coverage'],
      details: [
        'It gets worse in winter, when snow brings the lines down.',
        'Girls go to the cafe in town just to download their school materials.',
        'Operators promise new masts every election year.',
        'Remote hamlets are always the last to be connected.',
      ],
    },
    {
      id: 'barrier-skills',
      label: 'low digital skills and confidence',
      weight: 18,
      cores: [
        'Many women, especially over 40, never learned to use a computer and are afraid they will break something or press the wrong button.',
        'Lack of basic digital skills: they can use Viber to call relatives abroad but cannot fill in an online form or use e-banking.',
        'Low confidence. Women say "this is not for me, I am too old" before they even try.',
        'Nobody teaches them. Courses are rare, and when they happen they go too fast and assume everyone already has an email account.',
        'Digital literacy is very low; passwords, email accounts and app stores are a mystery for many rural women.',
        'Girls know social media but not how to use digital tools for learning, looking for a job or running a small business.',
        'Women depend on their children to do everything online for them, so they never learn it themselves.',
        'Fear of technology and of making mistakes, and nobody patient enough to show them step by step.',
        'They lack the skills to sell online, even though many produce cheese, honey or handicrafts that would sell well.',
      ],
      shorts: ['low digital skills', 'lack of confidence', 'nobody to teach them', 'fear of making mistakes'],
      details: [
        'Training materials are usually written for people who already know the basics.',
        'Younger relatives do things for them instead of showing them how.',
        'A patient local trainer makes all the difference.',
        'Some are ashamed to admit they do not know, so they do not ask.',
      ],
    },
    {
      id: 'barrier-safety',
      label: 'online harassment and safety fears',
      weight: 12,
      cores: [
        'Fear of online harassment. Girls get threatening messages and fake profiles made with their photos, and they do not know who to tell.',
        'Women worry that their pictures or chats will be shared around and that the whole village will talk about it.',
        'Online violence is real and there is nowhere to report it; the police do not take it seriously.',
        'Parents forbid girls to go online because of scams and predators, and honestly they are not wrong to be worried.',
        'Scams and fraud: older women have lost money to fake messages from "the bank", so now they are afraid to use anything.',
        'Cyberbullying among teenagers, and a lack of knowledge about privacy settings and how to block or report someone.',
        'Women who speak up online, for example in local Facebook groups, get insulted and threatened, so they stay silent.',
        'There is no safe place to report digital violence, and when they do report, the answer is "just delete your profile".',
        'Girls do not know their rights when someone blackmails them with photos; shame keeps them from asking for help.',
      ],
      shorts: ['online harassment', 'fear of scams', 'no safe way to report abuse', 'photos shared without consent'],
      details: [
        'Helplines exist but nobody in rural areas knows about them.',
        'Victims are blamed instead of the person who harassed them.',
        'In small communities everyone knows everyone, so the shame is bigger.',
        'Teachers say they see it every week but have no protocol.',
      ],
    },
    {
      id: 'barrier-norms',
      label: 'family control and gender norms',
      weight: 10,
      cores: [
        'Traditional attitudes: a woman who spends time on the phone is seen as lazy or as hiding something.',
        'Husbands and fathers control the phone and decide who can use the internet and for what.',
        'The stereotype that technology is for boys. Girls are not encouraged to choose IT or even to join the computer club.',
        'In some families girls need permission to open a social media account, while their brothers do whatever they want.',
        'Gossip and pressure from the community; people say a "good girl" does not chat online.',
        'Patriarchal norms mean the family laptop goes to the son, because he is the one expected to need it for work.',
        'Women themselves believe digital things are a man\'s job, like fixing the car.',
        'Jealous partners check women\'s phones and forbid them to join online groups or courses.',
        'Mothers-in-law and older relatives see the internet as a threat to the order of the family.',
      ],
      shorts: ['patriarchal attitudes', 'husbands controlling the phone', 'the idea that tech is for boys', 'gossip in the village'],
      details: [
        'It is changing slowly with younger couples, but not in every family.',
        'Nobody says it openly; you see it in who gets the device.',
        'Role models from the same village help to break it.',
      ],
    },
    {
      id: 'barrier-time',
      label: 'time and care burden',
      weight: 6,
      cores: [
        'Women have no free time: farm work, children, elderly parents, housework. Learning something new comes last.',
        'Care duties. By the time the children are asleep they are too tired to sit down with a phone and learn.',
        'Trainings take place during working hours in town, and women cannot leave the animals or the kids for a whole day.',
        'Seasonal work in the fields from spring to autumn means they simply cannot attend anything regular.',
        'The double burden: many rural women work outside the home and then do all the housework, so there is no hour left for themselves.',
        'No childcare, so even a two-hour workshop is impossible for mothers of small children.',
        'Travelling to town for a course takes the whole day when there are only two buses, all for a one-hour class.',
        'They look after sick or elderly family members and cannot commit to a course that runs for weeks.',
      ],
      shorts: ['no free time', 'caring for children and the elderly', 'farm work', 'no childcare'],
      details: [
        'Evening or weekend sessions in the village would help.',
        'Courses should be short and repeated, not long and once.',
        'Men rarely share the housework, so the time problem stays with women.',
      ],
    },
    {
      id: 'barrier-services',
      label: 'e-services hard to use',
      weight: 5,
      cores: [
        'E-government portals are complicated and only in the official language, which many women from minority communities do not read well.',
        'You need an electronic signature or a bank card to use most online services, and many rural women have neither.',
        'The websites of institutions are confusing and change all the time; even educated people give up.',
        'Online services are designed for the city. Nothing explains step by step how to apply for farm subsidies or book a health appointment.',
        'Registration for the e-services portal means going to an office in person first, which defeats the purpose.',
        'There is little useful content in local languages on health, farming or rights, so women see no reason to go online.',
        'Passwords, codes by SMS, two-step login: each step is a new obstacle, and there is no helpdesk that answers.',
        'The apps of public institutions crash or ask for the latest phone model, which nobody here has.',
      ],
      shorts: ['complicated e-services', 'everything requires an electronic signature', 'no content in our language', 'confusing government websites'],
      details: [
        'People go to the municipality anyway and ask a clerk to do it for them.',
        'A simple paper guide with pictures would already help.',
      ],
    },
  ],
  rare: [
    { label: 'accessibility for women with disabilities', text: 'Women with disabilities are forgotten: there are no screen readers in our language and trainings are held upstairs without a lift.' },
    { label: 'missing personal documents', text: 'Roma women in informal settlements often lack personal documents, so they cannot open a bank account or register for any e-service.' },
    { label: 'energy poverty', text: 'Energy poverty. In winter families save electricity, and keeping a router on or charging phones is seen as a luxury.' },
    { label: 'no data on the gap', text: 'Nobody measures how many rural women are online, so the problem is invisible when policies and budgets are made.' },
  ],
};

const q2: QuestionBank = {
  key: 'q2',
  header: 'Which organisations or groups must be involved, and what should they do?',
  openers: [
    'I would say ', 'First of all, ', 'Definitely ', 'In our experience, ', 'It has to be a joint effort. ',
    'Everyone has a role, but mainly ', 'Key actors: ', 'Above all, ', 'Without doubt ', 'From the local perspective: ',
  ],
  closers: [
    ' They have to work together, not in parallel.', ' And they must consult women themselves.', ' Coordination is the missing piece.',
    ' Otherwise it will stay on paper.', ' This is my personal opinion.', ' Nothing will change without them.',
  ],
  listIntros: ['Key actors: ', 'Several: ', 'In short: ', 'Involve: ', 'My list: '],
  themes: [
    {
      id: 'actor-government',
      label: 'national government and ministries',
      weight: 20,
      cores: [
        'The ministry responsible for digital transformation must lead, with a national strategy that has a budget line for rural women, not just nice words.',
        'Government and parliament should adopt a law on online violence and bring it in line with the Istanbul Convention.',
        'The Ministry of Education should put digital skills and online safety into the curriculum from primary school.',
        'National government needs to coordinate the ministries; at the moment agriculture, education and ICT each do their own thing.',
        'Ministries must make e-services simpler and fund assisted access points in every municipality.',
        'The state, through its gender equality mechanism, should check whether digital policies actually reach rural women.',
        'The Ministry of Agriculture, because its advisers already visit rural households and could teach basic digital tasks.',
        'Government has to regulate operators so that coverage obligations include remote villages, and then enforce them.',
        'Parliamentary committees on gender equality should hold hearings and ask ministries for sex-disaggregated data.',
      ],
      shorts: ['the ministries', 'national government', 'the Ministry of Education', 'parliament'],
      details: [
        'Without a budget, strategies stay on paper.',
        'They should consult women\'s organisations before decisions, not after.',
        'Regional exchange between governments would help too.',
      ],
    },
    {
      id: 'actor-municipalities',
      label: 'municipalities and local government',
      weight: 16,
      cores: [
        'Municipalities, because they know every village and can open digital corners in the local community offices.',
        'Local self-government should provide free rooms, transport and small grants for trainings in the villages.',
        'The municipal social welfare centre can identify the women who are most excluded and bring them in.',
        'Mayors and local councils should put digital inclusion into the local gender equality action plan and actually fund it.',
        'Local community offices are the institution closest to people and should host regular sessions.',
        'Municipal gender equality officers should coordinate everything locally, together with schools and NGOs.',
        'Local authorities can negotiate with operators about new masts and public Wi-Fi in village centres.',
        'The municipality should pay local trainers instead of bringing experts from the capital for one day.',
      ],
      shorts: ['municipalities', 'local self-government', 'mayors', 'local community offices'],
      details: [
        'They have the buildings and the contacts.',
        'Small municipalities need help from the central level to do this.',
      ],
    },
    {
      id: 'actor-schools',
      label: 'schools, teachers and parents',
      weight: 13,
      cores: [
        'Schools and teachers, especially ICT teachers, who could keep the computer room open in the afternoon for girls and their mothers.',
        'Parents have to be involved, fathers too, otherwise the girls will not be allowed to take part.',
        'Village primary schools are often the only public building with computers; they should become community learning centres.',
        'School psychologists and pedagogues need to learn how to respond to cyberbullying and sexting cases.',
        'Parent associations can organise evenings where children teach their parents; it works and it costs almost nothing.',
        'Universities and faculties of education should prepare future teachers to teach digital safety.',
        'Teachers need training themselves, since many are not confident with technology and cannot guide the girls.',
        'Vocational secondary schools could run IT clubs for girls from the surrounding villages, with transport paid.',
      ],
      shorts: ['schools', 'teachers', 'parents', 'school psychologists'],
      details: [
        'Mothers trust the teacher more than an outside trainer.',
        'Girls who learn at school pass it on at home.',
      ],
    },
    {
      id: 'actor-private',
      label: 'telecom operators and private companies',
      weight: 12,
      cores: [
        'Telecom operators should offer social tariffs and cheap data packages for rural women and students.',
        'Mobile operators must invest in coverage in remote areas instead of only competing for customers in the cities.',
        'IT companies can send volunteer mentors and donate refurbished laptops to community centres.',
        'The private sector, meaning banks, operators and online shops, profits from digital users, so it should help to train them.',
        'Telecom companies could provide free Wi-Fi hotspots at schools, libraries and village squares.',
        'Local businesses and cooperatives that buy from women could help them to start selling online.',
        'Tech companies and hubs should run coding and design camps in smaller towns, not only in the capital.',
        'Phone shops and operators should explain security settings when they sell a phone; it takes five minutes.',
        'Social media platforms must respond faster to reports in our languages and remove fake profiles.',
      ],
      shorts: ['mobile operators', 'IT companies', 'telecom companies', 'banks and businesses'],
      details: [
        'This can be part of their corporate social responsibility.',
        'They already have shops in every town.',
      ],
    },
    {
      id: 'actor-cso',
      label: "women's organisations and civil society",
      weight: 14,
      cores: [
        'Women\'s organisations, because they already have the trust of women in the villages and know their real needs.',
        'Local NGOs and rural women\'s associations should deliver the trainings, but they need stable funding to do it.',
        'Civil society organisations that work on violence against women should run online safety sessions and support victims.',
        'Youth organisations and girls\' clubs can do peer education; young people learn better from each other.',
        'Rural women\'s cooperatives and producer associations can connect digital skills to selling their products.',
        'CSOs should monitor what the government promises and report publicly on progress.',
        'Networks of women\'s organisations across the region can share materials instead of each one starting from zero.',
        'Community groups and volunteers who know every household, they can go door to door.',
      ],
      shorts: ['women\'s organisations', 'local NGOs', 'youth groups', 'rural women\'s associations'],
      details: [
        'They should be partners, not just subcontractors.',
        'Small organisations are often left out of big projects.',
      ],
    },
    {
      id: 'actor-justice',
      label: 'police, justice and helplines',
      weight: 7,
      cores: [
        'Police need a trained unit for online violence in every region, not only in the capital, and officers who take women seriously.',
        'Prosecutors and courts should treat digital harassment as a crime and process the cases faster.',
        'SOS helplines and victim support centres should add a service for digital violence that also works by chat.',
        'Centres for social work and the police should share a joint protocol on cyber violence against girls.',
        'The cybercrime department should visit schools and explain how to report and what happens afterwards.',
        'Legal aid organisations, to help women who are blackmailed or stalked online.',
        'Police officers in rural stations need basic training, many still tell victims to "just block him".',
        'Judges and prosecutors should be trained on image-based abuse and on how to handle digital evidence.',
      ],
      shorts: ['the police', 'prosecutors', 'helplines', 'cybercrime units'],
      details: ['Victims need to know what will happen after they report.'],
    },
    {
      id: 'actor-media',
      label: 'media',
      weight: 6,
      cores: [
        'Local radio and TV are still what rural women follow; they should run programmes on digital skills and safety.',
        'Media can show role models: women farmers who sell online, girls who study IT in the regional town.',
        'Journalists should stop blaming victims when they report on cases of online abuse.',
        'Influencers and bloggers from the region could reach teenage girls better than any institution.',
        'Public broadcasters should produce short programmes in minority languages about using e-services.',
        'Local news portals and the Facebook pages everyone reads should share practical tips every week.',
        'The media should run campaigns against the stereotype that technology is for boys.',
        'Media should report on successful local initiatives, not only on scandals.',
      ],
      shorts: ['local radio', 'the media', 'influencers', 'journalists'],
      details: ['Radio works because women listen while they work.'],
    },
    {
      id: 'actor-donors',
      label: 'donors and international organisations',
      weight: 8,
      cores: [
        'Donors should fund longer programmes, three years at least, because skills and trust do not grow in six months.',
        'UN agencies can bring governments, operators and NGOs to the same table; nobody else manages that.',
        'The EU and international donors should make the digital inclusion of rural women a condition of infrastructure funding.',
        'International organisations should share good practice from other countries and fund pilots that can be scaled up.',
        'Donors must allow small grants for local groups and stop requiring large co-financing.',
        'Embassies and development agencies should coordinate better; too many small projects overlap in the same municipalities.',
        'International organisations can support data collection so that we know the real gender digital gap in rural areas.',
        'The UN and the EU can push governments to deliver on their commitments and report on them.',
      ],
      shorts: ['donors', 'UN agencies', 'the EU', 'international organisations'],
      details: ['The funding should reach organisations outside the capitals.'],
    },
  ],
  rare: [
    { label: 'religious leaders', text: 'Religious leaders in some villages, because families listen to them more than to any NGO, and they could support girls going online.' },
    { label: 'libraries and post offices', text: 'Post offices and public libraries: they exist in every small town and could be assisted access points with a trained clerk.' },
    { label: 'diaspora', text: 'Diaspora associations. Many families have relatives abroad who already send phones home and could co-fund village hubs.' },
    { label: 'health workers', text: 'Health centres and the community nurses who visit young mothers at home could show them how to book e-health appointments.' },
  ],
};

const q3: QuestionBank = {
  key: 'q3',
  header: 'What one action would make the biggest difference in the next two years?',
  openers: [
    'If I had to choose only one: ', 'Honestly, ', 'Simple: ', 'Realistically, in two years: ', 'My answer: ',
    'For me: ', 'Without a doubt: ', 'One thing: ', 'From what we see on the ground: ',
  ],
  closers: [
    ' Everything else comes after that.', ' It has to reach the villages, not only the towns.', ' And keep it going after the project ends.',
    ' Thank you for asking us!', ' I hope this consultation leads to action.', ' This would change a lot.',
  ],
  listIntros: ['Priorities: ', 'Hard to choose one: ', 'Two or three things: ', 'Ideally: '],
  themes: [
    {
      id: 'action-access',
      label: 'affordable devices and data',
      weight: 20,
      cores: [
        'Vouchers for a smartphone and a year of free data for women in rural households, linked to a short training.',
        'A social internet tariff, so that low-income families pay only a symbolic amount.',
        'Give every girl in rural secondary schools a laptop or tablet she can take home.',
        'Free refurbished devices handed out through the municipality to women who do not have a phone of their own.',
        'Subsidise data packages for unemployed women and single mothers.',
        'Lending libraries for laptops and tablets in each village, like the ones for books.',
        'Make devices and data affordable; without them no training makes sense.',
        'Lower VAT on basic smartphones and laptops for students and low-income families.',
      ],
      shorts: ['device vouchers', 'free data', 'a social tariff', 'laptops for girls'],
      details: ['Without a device of her own, nothing she learns will stick.', 'It could be targeted through the social welfare lists.'],
    },
    {
      id: 'action-training',
      label: 'local training and digital champions',
      weight: 22,
      cores: [
        'Free digital skills trainings in the villages themselves, in small groups, with trainers who speak the local language.',
        'Train local women as digital champions who help their neighbours every week, instead of one-off courses.',
        'Community digital hubs in schools or community centres, open in the evenings and at weekends.',
        'Practical courses linked to real needs: booking a doctor, paying bills, selling products online.',
        'A mobile training team that visits the villages on a fixed schedule, so women know when to expect it.',
        'Intergenerational learning: pay girls from the village to teach older women, and both sides gain.',
        'Long-term mentoring for women who want to start an online business, not just a two-day workshop.',
        'Short modules, repeated often and ending with a certificate, because women value proof that they learned something.',
      ],
      shorts: ['local trainings', 'digital champions', 'community hubs', 'mentoring'],
      details: ['Trainers should come from the region.', 'Sessions should be held at times the women choose.'],
    },
    {
      id: 'action-safety',
      label: 'online safety education and reporting',
      weight: 14,
      cores: [
        'Online safety education for girls and their parents in every school, every year, not just once.',
        'A free helpline and chat service for online violence, advertised in every village.',
        'Teach women to protect their accounts and spot scams before we push them to use e-services.',
        'Clear and simple ways to report online abuse, with follow-up so that victims see results.',
        'Workshops on privacy settings, passwords and blocking, run together with the local police.',
        'Train teachers and school psychologists to recognise and respond to cyberbullying.',
        'A regional campaign telling girls who experience image-based abuse that it is not their fault and where to get help.',
        'Safe online groups moderated by women\'s organisations, where rural women can ask questions without fear.',
      ],
      shorts: ['online safety education', 'a helpline', 'reporting mechanisms', 'privacy workshops'],
      details: ['Safety must come first, or women go offline again after one bad experience.'],
    },
    {
      id: 'action-infrastructure',
      label: 'broadband and coverage in villages',
      weight: 13,
      cores: [
        'Bring fast internet to every village, with public money where operators will not invest.',
        'Finish the broadband network in rural areas; the plans have been announced for years.',
        'Free public Wi-Fi in village centres, schools and health clinics.',
        'Oblige operators to cover remote settlements as a condition of their licence.',
        'A reliable connection first, because without it trainings and e-services are meaningless.',
        'Fix the electricity supply and the signal in mountain villages before talking about digital skills.',
        'Connect all rural schools with fibre and open them to the community after classes.',
        'Use EU funds for the last mile, the small hamlets that are always left out.',
      ],
      shorts: ['broadband in the villages', 'public Wi-Fi', 'better coverage'],
      details: ['Connectivity is a public service, like water.'],
    },
    {
      id: 'action-policy',
      label: 'laws, strategy and enforcement',
      weight: 9,
      cores: [
        'Adopt and enforce a law that clearly defines online violence against women, with real penalties.',
        'A national digital inclusion strategy with targets for rural women and a budget attached to it.',
        'Make gender part of every digital transformation policy, with targets that are checked every year.',
        'Bring legislation in line with the Istanbul Convention and the EU rules on digital services.',
        'Make it mandatory for public e-services to be accessible, simple and available in minority languages.',
        'Institutional coordination: one body responsible for digital inclusion that reports to the government.',
        'Amend the criminal code so that sharing intimate images without consent is prosecuted ex officio.',
        'Local gender action plans must include digital inclusion measures, with funds allocated every year.',
      ],
      shorts: ['a law on online violence', 'a national strategy', 'enforcement of existing laws'],
      details: ['The laws exist on paper; enforcement is the problem.'],
    },
    {
      id: 'action-awareness',
      label: 'awareness campaigns and role models',
      weight: 7,
      cores: [
        'A media campaign featuring real women from villages who use the internet for their business or studies.',
        'Change attitudes: show fathers and husbands why it is good for the whole family when women are online.',
        'Role models: women IT professionals who grew up in villages visiting rural schools.',
        'Awareness campaigns on local radio about what the internet can do for women in health, money and rights.',
        'Events like Girls in ICT Day held in small towns too, not only in the capitals.',
        'Campaigns against the stereotype that technology is for men, starting in kindergarten.',
        'Tell positive stories; right now people only hear about scams and abuse.',
        'Engage men and boys as allies in campaigns for equal access to technology.',
      ],
      shorts: ['role models', 'awareness campaigns', 'changing attitudes'],
      details: ['People believe someone from their own village.'],
    },
    {
      id: 'action-funding',
      label: "long-term funding for women's organisations",
      weight: 8,
      cores: [
        'Long-term core funding for women\'s organisations working in rural areas, not project by project.',
        'Small flexible grants for local groups to run digital activities, with simple reporting.',
        'Fund the equipment and staff of local NGOs; they cannot train others on broken laptops.',
        'Invest in the capacity of grassroots organisations to become digital themselves.',
        'Multi-year funding, so that trainers can be kept on and trust can be built.',
        'Support networks of women\'s organisations to work together and share resources.',
        'Give CSOs money for IT security and data protection, because we hold sensitive data about survivors.',
        'Money for local organisations directly, not through big intermediaries in the capital.',
      ],
      shorts: ['core funding for NGOs', 'small grants', 'equipment for CSOs'],
      details: ['Donors change priorities every two years and we start again.'],
    },
  ],
  rare: [
    { label: 'childcare at trainings', text: 'Childcare during every training. It sounds like a small thing, but it is the reason most young mothers do not come.' },
    { label: 'sex-disaggregated data', text: 'Collect sex-disaggregated data on internet use in rural areas every year, so that we can see whether anything changes.' },
    { label: 'transport to classes', text: 'Transport vouchers for girls who attend IT classes or coding clubs in the regional town.' },
    { label: 'online marketplace for rural women', text: 'An online marketplace for products made by rural women, with help for photos, delivery and payments.' },
  ],
};

/** The three open questions, in column order. */
export const QUESTIONS: QuestionBank[] = [q1, q2, q3];

/**
 * Multipliers on theme weights by organisation type: the tendencies the analysis should surface
 * (government stresses policy, community groups cost and connectivity, civil society safety and funding).
 */
export const ORG_BIAS: Record<OrgType, Record<string, number>> = {
  government: {
    'barrier-services': 2.5, 'barrier-skills': 1.4, 'barrier-safety': 0.7,
    'actor-government': 2.5, 'actor-municipalities': 1.5, 'actor-cso': 0.6,
    'action-policy': 4, 'action-infrastructure': 1.3, 'action-funding': 0.3,
  },
  'community group': {
    'barrier-cost': 1.9, 'barrier-connectivity': 1.9, 'barrier-time': 1.8, 'barrier-services': 0.5,
    'actor-municipalities': 1.7, 'actor-private': 1.3, 'actor-government': 0.7,
    'action-access': 2, 'action-infrastructure': 1.7, 'action-policy': 0.3,
  },
  'civil society': {
    'barrier-safety': 1.7, 'barrier-norms': 1.4,
    'actor-cso': 1.8, 'actor-justice': 1.6, 'actor-donors': 1.2,
    'action-funding': 2.6, 'action-safety': 1.6,
  },
  academia: {
    'barrier-skills': 1.4, 'barrier-norms': 1.8,
    'actor-schools': 2.5,
    'action-training': 1.2, 'action-awareness': 1.8,
  },
  'private sector': {
    'barrier-skills': 2.2, 'barrier-safety': 0.6,
    'actor-private': 2.5, 'actor-schools': 1.3,
    'action-training': 1.8, 'action-infrastructure': 1.5, 'action-funding': 0.3,
  },
  'international organisation': {
    'barrier-norms': 1.5,
    'actor-donors': 2, 'actor-government': 1.4,
    'action-policy': 1.8, 'action-awareness': 1.4,
  },
  donor: {
    'barrier-skills': 1.3,
    'actor-donors': 2.2, 'actor-government': 1.5,
    'action-policy': 1.6, 'action-training': 1.3,
  },
};

/** Younger respondents write more about safety online. */
export const YOUTH_BIAS: Record<string, number> = { 'barrier-safety': 1.8, 'action-safety': 1.5 };

/** Answers written in a language other than English, placed on a respondent from a matching country. */
export interface ForeignAnswer {
  question: 'q1' | 'q2' | 'q3';
  countries: string[];
  language: string;
  /** Theme ids the answer is about, first the main one. */
  themes: string[];
  text: string;
}

export const FOREIGN_ANSWERS: ForeignAnswer[] = [
  { question: 'q1', countries: ['Serbia', 'Bosnia and Herzegovina', 'Montenegro'], language: 'sr', themes: ['barrier-cost', 'barrier-norms'], text: 'Internet je skup, a mnoge žene na selu nemaju svoj telefon, nego koriste telefon muža kada on dozvoli.' },
  { question: 'q1', countries: ['Albania', 'Kosovo'], language: 'sq', themes: ['barrier-safety'], text: 'Vajzat kanë frikë nga ngacmimi në rrjetet sociale dhe nuk dinë ku ta raportojnë kur dikush i kërcënon.' },
  { question: 'q1', countries: ['Italy'], language: 'it', themes: ['barrier-connectivity'], text: 'Nelle zone di montagna il segnale è debole e spesso manca del tutto la connessione, soprattutto d\'inverno.' },
  { question: 'q2', countries: ['Albania', 'Kosovo'], language: 'sq', themes: ['actor-government'], text: 'Ministria duhet të miratojë një strategji digjitale me buxhet të qartë për gratë në zonat rurale.' },
  { question: 'q2', countries: ['Italy'], language: 'it', themes: ['actor-municipalities', 'actor-schools', 'actor-private'], text: 'Servono i comuni e le scuole, ma anche le compagnie telefoniche con tariffe sociali per le famiglie rurali.' },
  { question: 'q3', countries: ['North Macedonia'], language: 'mk', themes: ['action-training'], text: 'Бесплатни обуки во самите села, за време на викенд, со локални обучувачки што жените веќе ги познаваат.' },
  { question: 'q3', countries: ['Serbia', 'Bosnia and Herzegovina', 'Montenegro'], language: 'sr', themes: ['action-access'], text: 'Subvencija za pametne telefone i besplatan paket interneta za žene sa sela, uz kratku obuku.' },
];

/** Answers that say nothing; some repeat on purpose. `same as above` is not used for the first question. */
export const NON_ANSWERS = ['N/A', 'n/a', '-', "don't know", 'Dont know', 'no comment', 'No comment.', 'same as above', 'Same as above'];
