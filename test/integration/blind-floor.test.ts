// Floors on the blind notes corpus (test/fixtures/blind-notes): written and labelled by sessions that never saw the
// code. The tune half and the authored test half are scored line by line; a change that loses ground fails here.
import { expect } from 'chai';
import path from 'node:path';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { blindDocuments, scoreBlindNotes } from '../../src/eval/blind-notes.ts';
import { ROOT } from './helpers.ts';

const CORPUS = path.join(ROOT, 'test/fixtures/blind-notes');
// The real notes live beside the repository (or where HARVEST_EVAL_DIR says, as for `npm run eval`).
const SHARED_EVAL = process.env.HARVEST_EVAL_DIR ?? path.join(ROOT, '../shared/eval');

describe('blind notes: floors (docs/quality.md has the figures)', function () {
  this.timeout(180_000);
  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  it('the tune half (the category model is trained on most of it): few content lines lost, the model fits', async () => {
    const r = await scoreBlindNotes(blindDocuments(CORPUS, 'tune', SHARED_EVAL), resources);
    // 32 documents: the committed model was trained on the first 15 (1,383 lines); the 12 of session 13 (51-54,
    // 61-64, 71-74) and the 5 long real-style write-ups of session 17 (81-85, 1,079 lines) wait for the next
    // retraining (docs/quality.md says why), so the figure is partly out of sample. With 81-85 (scored 0.599 alone,
    // out of sample) the half fell from 0.877 to 0.797, 37 to 58 lines lost, action 0.90 to 0.89, types 0.656 to 0.639:
    // the floors follow the larger set, not a change of the tagger. Session 18: boards exported without colours read
    // as boards, and page furniture not analysed: 0.800 -> 0.812, 38 -> 36 lines lost. Session 19: six real public
    // write-ups (91-96, 1,117 lines, labelled blind; main scored them 0.291 alone, out of sample) joined: on main the
    // half fell from 0.812 to 0.746, 36 to 48 lines lost, action 0.91 to 0.878, types 0.637 to 0.616: the floors follow
    // the larger set, not a change of the tagger.
    // Session 24: 12 more documents written or gathered blind (101-106 real community write-ups, 111-116 authored:
    // council minutes, a call's chat, a PDF report, a sticky board, shorthand, a public body's response), scored
    // unseen (0.165 and 0.727) and kept out of the committed model (a model retrained on all 50 read the reference
    // documents' intervention bullets worse: docs/quality.md): 4,491 -> 5,609 lines, 39 -> 63 lost, 0.898 -> 0.843,
    // action 0.934 -> 0.911, types 0.624 -> 0.610, owners 0.963 -> 0.959, due 0.913 -> 0.902.
    // Session 25: the model retrained on all 50 (in sample now), headings' function words left out: 0.843 -> 0.873,
    // action 0.926, types 0.611, owners 0.959 -> 0.948 (of 269 action lines read as actions), due 0.903.
    // Session 25, later: 12 more blind documents (121-126 real, 131-136 authored; scored unseen at 0.235 and 0.656)
    // and the model retrained on all 62 (heading prior 0.75): 5,609 -> 6,475 lines, 63 -> 73 lost, 0.875 -> 0.852,
    // action 0.910, types 0.605, owners 0.948 -> 0.902 and due 0.903 -> 0.898 of 315 action lines (the new documents'
    // actions typed with arrows and "AP:" shorthand).
    expect(r.lines).to.equal(6475);
    expect(r.lostLines).to.be.at.most(76);
    // Session 19: the model retrained on all 38 documents (in sample now): 0.747 -> 0.894, action 0.918, types 0.624.
    expect(r.macroF1).to.be.at.least(0.84);
    expect(r.categories.find((c) => c.category === 'action')!.f1).to.be.at.least(0.9);
    // Stakeholder types: 0.654 after session 15 (lists, barrier subjects, a document's acronyms, gazetteer); 0.639 with 81-85; 0.616 with 91-96.
    expect(r.stakeholders.f1).to.be.at.least(0.6);
    // The Next steps register against the coder's owners and due dates (session 22: 0.845 -> 0.963 owners, 0.890 ->
    // 0.913 due dates, of 219 action lines read as actions; session 25's model: 0.948 of 269).
    expect(r.actions.lines).to.be.at.least(200);
    expect(r.actions.ownerAgrees / r.actions.lines).to.be.at.least(0.89);
    expect(r.actions.dueAgrees / r.actions.lines).to.be.at.least(0.88);
  });

  it('the authored test half (never tuned on): macro-F1 and stakeholder types above their floors', async () => {
    const r = await scoreBlindNotes(blindDocuments(CORPUS, 'test', SHARED_EVAL), resources);
    // 7 documents of session 5 and 8 written blind in session 13 (public-engagement styles: a PDF-wrapped listening
    // session, hearing minutes, a "what we heard" report, an ideas board, an NGO report, a focus group, board
    // minutes, shorthand); the figures dropped from 0.753 to 0.676 when the 8 joined: the honest level.
    expect(r.lines).to.equal(1005);
    expect(r.lostLines).to.be.at.most(19);
    // Macro-F1 0.676 -> 0.681 in session 17, branch notes14b (questions and the meeting's own course as cues, offers as opportunities).
    expect(r.macroF1).to.be.at.least(0.675);
    // Action F1 0.86 with session 25's model retrained on 62 documents (0.90 before): the price of the real sets'
    // gains (real US 0.365 -> 0.373, real public 0.389 -> 0.395); docs/quality.md.
    expect(r.categories.find((c) => c.category === 'action')!.f1).to.be.at.least(0.85);
    // Stakeholder types 0.539 -> 0.587 in session 15.
    expect(r.stakeholders.f1).to.be.at.least(0.57);
    // Next steps against the coder (session 22, 79 action lines read as actions): owners 0.722 -> 0.785, due dates
    // 0.747 -> 0.734. Session 25's model (retrained on 50 tune documents, headings' function words left out): 80
    // action lines, owners 0.785 -> 0.762, due dates 0.734 -> 0.738; macro-F1 0.709 -> 0.708. Retrained on 62
    // documents (heading prior 0.75): 0.703, types 0.597, owners 0.759, due dates 0.734 (79 lines).
    expect(r.actions.ownerAgrees / r.actions.lines).to.be.at.least(0.75);
    expect(r.actions.dueAgrees / r.actions.lines).to.be.at.least(0.72);
  });

  it('the real US open-government notes (labels here, documents in ../shared/eval; never tuned on): macro-F1, stakeholder types and lines lost', async function () {
    const docs = blindDocuments(CORPUS, 'real', SHARED_EVAL);
    if (docs.length === 0) this.skip();
    const r = await scoreBlindNotes(docs, resources);
    expect(r.lines).to.equal(2407);
    expect(r.lostLines).to.be.at.most(31);
    // Session 25's model (retrained on 50 tune documents, headings' function words left out): 0.342 -> 0.365; on 62
    // documents, heading prior 0.75: 0.373, types 0.486.
    expect(r.macroF1).to.be.at.least(0.35);
    // Stakeholder types 0.468 -> 0.476 in session 15.
    expect(r.stakeholders.f1).to.be.at.least(0.46);
  });

  it('the real public write-ups (UK, Canadian and US teams; never tuned on): macro-F1, stakeholder types and lines lost', async () => {
    const r = await scoreBlindNotes(blindDocuments(CORPUS, 'public', SHARED_EVAL), resources);
    // Gathered and labelled blind in session 20; main at 3ef3a32 scored them unseen: 0.393, types 0.204, 23 lost.
    expect(r.lines).to.equal(913);
    expect(r.lostLines).to.be.at.most(23);
    // Session 25's model (retrained on 50 tune documents, headings' function words left out): 0.391 -> 0.389, types
    // 0.204 -> 0.198 (43 typed lines); on 62 documents, heading prior 0.75: 0.395, types 0.206, owners 0.719 and due
    // dates 0.969 of 32 action lines.
    expect(r.macroF1).to.be.at.least(0.385);
    expect(r.stakeholders.f1).to.be.at.least(0.19);
    // Next steps against the coder (session 22, 25 action lines read as actions): owners 0.720 -> 0.680, due dates 0.960.
    expect(r.actions.ownerAgrees / r.actions.lines).to.be.at.least(0.64);
    expect(r.actions.dueAgrees / r.actions.lines).to.be.at.least(0.92);
  });
});
