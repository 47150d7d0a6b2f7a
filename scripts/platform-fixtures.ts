// The survey-platform workbooks of test/fixtures/platforms/ (made-up answers, in each platform's export shape); make-fixtures.ts writes them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';

type Cell = string | number | Date;

/** A workbook with the given sheets, its dates pinned so the bytes do not change from run to run. */
async function workbook(Excel: typeof ExcelJS, at: number, sheets: ReadonlyArray<[string, Cell[][]]>): Promise<Buffer> {
  const book = new Excel.Workbook();
  book.creator = 'Harvest fixtures';
  book.created = new Date(at);
  book.modified = new Date(at);
  for (const [name, rows] of sheets) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Microsoft Forms: ID, Start time, Completion time, Email, Name, then each question's whole text; times as Excel dates. */
function microsoftForms(): Cell[][] {
  const at = (day: number, hour: number, minute: number): Date => new Date(Date.UTC(2026, 2, day, hour, minute));
  const answers: Array<[string, string, string, string]> = [
    ['Civil society', 'Basic spreadsheet and e-mail skills for our volunteers, most are over fifty.', 'Sometimes', 'We lost a funding call because the upload failed three times on the last evening.'],
    ['Local government', 'Using the e-services of the ministries without calling them on the phone.', 'Rarely', 'The municipal assembly session was streamed, but the line cut after ten minutes and citizens gave up.'],
    ['Education', 'Teaching with digital tools, not only typing on a computer.', 'Sometimes', 'Online exams for the whole school had to be moved to paper when the network went down.'],
    ['Civil society', 'Safe use of social media and protecting personal data of the women we support.', 'Very reliable', 'A video call with a survivor of violence froze at the worst moment and she did not call back.'],
    ['Private sector', 'Online marketing and selling, our shop has customers only from the town.', 'Sometimes', 'Card payments did not work for a whole Saturday market day.'],
    ['Local government', 'Cyber security, the office computers are old and nobody updates them.', 'Rarely', 'We could not send the social assistance lists to the ministry on time.'],
    ['Education', 'Coding and robotics for teachers who want to run clubs for girls.', 'Very reliable', 'The robotics competition registration closed while our connection was down.'],
  ];
  return [
    ['ID', 'Start time', 'Completion time', 'Email', 'Name', 'Which sector do you work in?', 'What digital skills do the people in your organisation most need?', 'How reliable is the internet connection at your workplace?', 'Describe a time when poor connectivity stopped your work.'],
    ...answers.map(([sector, skills, reliable, story], i): Cell[] => [i + 1, at(5 + i, 9, 2 * i), at(5 + i, 9, 2 * i + 7), 'anonymous', '', sector, skills, reliable, story]),
  ];
}

/** An XLSForm "survey" sheet for the Kobo export: type, name, label, as the form was designed. */
const XLSFORM_SURVEY: Cell[][] = [
  ['type', 'name', 'label::English (en)', 'required'],
  ['start', 'start', '', ''],
  ['end', 'end', '', ''],
  ['today', 'today', '', ''],
  ['deviceid', 'deviceid', '', ''],
  ['begin_group', 'group_ab12', 'About you', ''],
  ['select_one municipality', 'municipality', 'Which municipality do you live in?', 'true'],
  ['select_one gender', 'gender', 'What is your gender?', 'true'],
  ['end_group', '', '', ''],
  ['begin_group', 'group_cd34', 'Getting online', ''],
  ['text', 'q_barriers', 'What makes it difficult for you or your family to use the internet?', 'true'],
  ['text', 'q_support', 'What support would help you most to use digital services?', 'false'],
  ['end_group', '', '', ''],
];

/** A plain workbook with answers under short column names and a codebook sheet giving each one's question. */
function codebookWorkbook(): Array<[string, Cell[][]]> {
  const rows: Array<[string, string, string, string, string]> = [
    ['HH-014', '2026-04-02 09:15', 'North', 'The school bus leaves before the computer club ends, so girls from the villages cannot stay.', 'A later bus twice a week.'],
    ['HH-022', '2026-04-02 11:40', 'North', 'Only boys were invited to the robotics competition last year.', 'Invite the girls by name, and their parents.'],
    ['HH-031', '2026-04-03 08:05', 'South', 'My daughter has no phone of her own and the family phone is with her father at work.', 'A shared tablet corner in the community centre.'],
    ['HH-047', '2026-04-03 16:20', 'South', 'Teachers say girls are not interested in computers, so they do not ask them.', 'Training for teachers about stereotypes.'],
    ['HH-052', '2026-04-04 10:00', 'Centre', 'Internet at home is too expensive with three children at school.', 'A reduced internet tariff for families on social assistance.'],
    ['HH-068', '2026-04-05 13:45', 'Centre', 'Nothing stops her, she is better with the computer than her brothers.', 'More advanced courses, the basic ones are boring for her.'],
  ];
  return [
    ['Responses', [['resp_id', 'submitted_at', 'region', 'q1_barrier', 'q2_support'], ...rows]],
    [
      'Codebook',
      [
        ['variable', 'question', 'type'],
        ['resp_id', 'Household code', 'id'],
        ['submitted_at', 'Date and time of the interview', 'datetime'],
        ['region', 'Region of the household', 'choice'],
        ['q1_barrier', "What stops the girls in your household from learning digital skills?", 'open'],
        ['q2_support', 'What would help them most?', 'open'],
      ],
    ],
  ];
}

/** Rows of one of the hand-written CSV fixtures. */
function csvRows(dir: string, name: string, delimiter: string): string[][] {
  return parse(readFileSync(path.join(dir, name), 'utf8'), { delimiter, relax_column_count: true }) as string[][];
}

/** Every workbook fixture of test/fixtures/platforms/ (the CSV fixtures beside them are written by hand). */
export async function platformWorkbooks(Excel: typeof ExcelJS, at: number, dir: string): Promise<Record<string, Buffer>> {
  return {
    'microsoft-forms.xlsx': await workbook(Excel, at, [['Sheet1', microsoftForms()]]),
    // SurveyMonkey's Excel export has the same two header rows as its CSV.
    'surveymonkey.xlsx': await workbook(Excel, at, [['Sheet', csvRows(dir, 'surveymonkey.csv', ',')]]),
    // A Kobo export with the form's XLSForm "survey" sheet added beside the answers.
    'kobo.xlsx': await workbook(Excel, at, [['Digital access household survey', csvRows(dir, 'kobo.csv', ';')], ['survey', XLSFORM_SURVEY]]),
    'codebook.xlsx': await workbook(Excel, at, codebookWorkbook()),
  };
}
