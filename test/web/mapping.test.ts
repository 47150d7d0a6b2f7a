// The survey columns page: "no id column" can be said and is kept, saving the detected columns unchanged is not a
// choice made by hand, and a platform export shows where it came from and its question texts.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { describeEachStore, formClient, makeApp, SURVEY, type TestApp } from './helpers.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/platforms');

const QUESTION = 'What stops people from using online services?';

describeEachStore('web: survey columns page', function (backend) {
  this.timeout(120_000);
  let t: TestApp;
  let base: string;
  let client: Awaited<ReturnType<typeof formClient>>;
  /** The columns page of each uploaded file, by name. */
  const links = new Map<string, string>();
  /** The consultation page's row of one file. */
  const rowOf = async (name: string): Promise<string> => {
    const page = (await request(t.app).get(base).expect(200)).text;
    const start = page.indexOf(`<th scope="row">${name} `);
    return page.slice(start, page.indexOf('</tr>', start));
  };

  before(async () => {
    t = await makeApp(undefined, { backend });
    client = await formClient(t.app, '/');
    const created = await client.post('/consultations').type('form').send({ name: 'Digital skills survey' }).expect(303);
    base = created.headers.location.split('?')[0]!;
    await client
      .post(`${base}/documents`)
      .attach('files', Buffer.from(SURVEY), 'survey.csv')
      .attach('files', readFileSync(path.join(FIXTURES, 'google-forms.csv')), 'google-forms.csv')
      .attach('files', readFileSync(path.join(FIXTURES, 'surveymonkey.csv')), 'surveymonkey.csv')
      .expect(200);
    const page = (await request(t.app).get(base).expect(200)).text;
    for (const match of page.matchAll(/href="([^"]+\/mapping)">Check columns<span class="visually-hidden"> of ([^<]+)<\/span>/g)) links.set(match[2]!, match[1]!);
  });
  after(async () => {
    await t?.close();
  });

  it('a file with no id column has "(none)" chosen; the id can be set to none and stays none', async () => {
    const forms = (await request(t.app).get(links.get('google-forms.csv')!).expect(200)).text;
    expect(forms).to.match(/<input type="radio" name="idColumn" value="" id="id-none" checked>/);
    expect(forms).to.contain('exported from Google Forms');
    // The timestamp is listed as a date, not offered as an attribute.
    expect(forms).to.match(/<th scope="row">Timestamp<\/th>\s*<td class="muted">date \(listed, not an attribute\)<\/td>/);

    const link = links.get('survey.csv')!;
    expect((await request(t.app).get(link).expect(200)).text).to.match(/<input type="radio" name="idColumn" value="" id="id-none" >/);
    await client.post(link).type('form').send(`idColumn=&textColumns=${encodeURIComponent(QUESTION)}&attributeColumns=organisation_type&attributeColumns=country`).expect(303);
    const after = (await request(t.app).get(link).expect(200)).text;
    expect(after).to.match(/<input type="radio" name="idColumn" value="" id="id-none" checked>/);
    expect(after).to.match(/<input type="radio" name="idColumn" value="respondent_id" id="id-0" >/);
    const row = await rowOf('survey.csv');
    expect(row).to.contain('id: row number');
    expect(row).to.contain('set by hand');
  });

  it('saving the detected columns unchanged is not "set by hand", and going back to them clears it', async () => {
    const link = links.get('survey.csv')!;
    await client.post(link).type('form').send(`idColumn=respondent_id&textColumns=${encodeURIComponent(QUESTION)}&attributeColumns=organisation_type&attributeColumns=country`).expect(303);
    const row = await rowOf('survey.csv');
    expect(row).to.contain('id: respondent_id');
    expect(row).not.to.contain('set by hand');
    expect((await request(t.app).get(link).expect(200)).text).not.to.contain('Go back to the detected columns');
  });

  it('the facilitator can set a column\'s question heading; it is kept, and the same text as the export\'s is no choice', async () => {
    const link = links.get('google-forms.csv')!;
    const columns = [
      'Timestamp',
      'Which municipality do you live in?',
      'How old are you?',
      'In your own words, what makes it hard for you to go online at home?',
      'What is one thing the municipality should do first to close the gap between girls and boys in digital skills?',
      'Anything else you would like to tell us?',
    ];
    const form = (texts: string[]): string =>
      [
        'idColumn=',
        ...columns.slice(3).map((c) => `textColumns=${encodeURIComponent(c)}`),
        `attributeColumns=${encodeURIComponent(columns[1]!)}`,
        `attributeColumns=${encodeURIComponent(columns[2]!)}`,
        ...columns.flatMap((c, i) => [`questionFor=${encodeURIComponent(c)}`, `questionText=${encodeURIComponent(texts[i] ?? '')}`]),
      ].join('&');
    // The detected columns with a heading typed the same as the column: nothing set by hand.
    await client.post(link).type('form').send(form(['', '', '', columns[3]!])).expect(303);
    expect(await rowOf('google-forms.csv')).not.to.contain('set by hand');
    await client.post(link).type('form').send(form(['', '', '', '  What makes going online hard at home? '])).expect(303);
    const page = (await request(t.app).get(link).expect(200)).text;
    expect(page).to.contain('name="questionText" id="qt-3" value="What makes going online hard at home?"');
    expect(page).to.contain('name="questionText" id="qt-1" value="" placeholder="Which municipality do you live in?"');
    expect(await rowOf('google-forms.csv')).to.contain('set by hand');
    const unknown = await client.post(link).type('form').send(`textColumns=${encodeURIComponent(columns[3]!)}&questionFor=Nope&questionText=Hello`).expect(400);
    expect(unknown.text).to.contain('no column &#34;Nope&#34; to set the question of');
  });

  it('a platform export shows where it came from and each column\'s question text', async () => {
    expect(await rowOf('surveymonkey.csv')).to.contain('from SurveyMonkey');
    const page = (await request(t.app).get(links.get('surveymonkey.csv')!).expect(200)).text;
    // A tick-box column is said to be an option of its multi-choice question, not an attribute.
    expect(page).to.contain('<td class="muted">option “Laptop or computer” of the multi-choice question “Which devices do you use? (select all that apply)”</td>');
    expect(page).to.contain('<th scope="row">Which devices do you use? (select all that apply) - Other (please specify)<br><span class="small muted">question: Which devices do you use? (select all that apply)</span></th>');
    expect(page).to.match(/<input type="radio" name="idColumn" value="Respondent ID" id="id-0" checked>/);
  });
});
