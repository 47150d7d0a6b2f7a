// Notes published on a website: YAML front matter as metadata, HTML tags and image captions set aside, what was said kept.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNotesVocabulary } from '../../src/corpus.ts';
import { documentInfo, type DocumentInfo, type Segment } from '../../src/model/index.ts';
import { segmentDocument } from '../../src/pipeline/segment/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VOCABULARY = parseNotesVocabulary(JSON.parse(readFileSync(path.join(ROOT, 'corpus/notes-vocabulary.json'), 'utf8')), 'notes-vocabulary.json');

function segmentText(text: string): { info: DocumentInfo; segments: Segment[] } {
  const out = segmentDocument({ kind: 'notes', name: 'post.md', format: 'md', text }, 'd1', { nonAnswers: [], vocabulary: VOCABULARY });
  documentInfo.parse(out.info);
  return out;
}

/** A community group's blog post about its workshop (written for this test). */
const POST = `---
layout: post
title: "What we heard at the river clean-up workshop"
date: 2025-05-14
tags:
  - workshop
  - rivers
author: Lena Novak
---

<p class="centered"><img src="/img/workshop-1.jpg" alt="Residents around a map of the river" /><br />
<small>
    <em>Residents marking litter hotspots on the river map</em>
</small>
</p>

About forty residents came to the library for the workshop.

## What stops people from helping

- There are no bins along the lower path, so litter ends up in the water.
- Volunteers do not know who to call when a bag is full.

*Caption: the map after the first round of dots.*

## Ideas

- The council should put bins at both bridges.
- <p>A monthly clean-up day with gloves and bags from the library</p>

## Links

* Sign-up sheet: [form](https://example.org/sign-up)
* Mastodon: https://example.social/@riverfriends
* Ask the parks office for a grabber loan: [details](https://example.org/parks)
`;

describe('notes published on a website', () => {
  const { info, segments } = segmentText(POST);
  const texts = segments.map((s) => s.text);
  const setAside = (line: number) => info.notAnalysed.find((n) => n.line === line);

  it('reads a YAML front matter as the document\'s metadata, every line of it set aside', () => {
    expect(info.metadata['title']).to.deep.equal(['What we heard at the river clean-up workshop']);
    expect(info.metadata['date']).to.deep.equal(['2025-05-14']);
    expect(info.metadata['author']).to.deep.equal(['Lena Novak']);
    for (let line = 1; line <= 9; line++) expect(setAside(line)?.reason, `line ${line}`).to.equal('metadata');
    expect(texts.join(' | ')).to.not.match(/layout|workshop-1\.jpg|rivers$/m);
  });

  it('sets aside HTML tags alone and an image\'s caption, and keeps what was said', () => {
    for (const line of [11, 12, 13, 14, 15]) expect(setAside(line), `line ${line}`).to.not.equal(undefined);
    expect(setAside(13)!.text).to.equal('<em>Residents marking litter hotspots on the river map</em>');
    expect(setAside(24)!.text).to.equal('*Caption: the map after the first round of dots.*');
    expect(texts).to.include('About forty residents came to the library for the workshop.');
    expect(texts).to.include('There are no bins along the lower path, so litter ends up in the water.');
    expect(texts).to.include('The council should put bins at both bridges.');
    // A line with words of its own inside its tags is a point.
    expect(texts.some((t) => t.includes('A monthly clean-up day with gloves and bags'))).to.equal(true);
  });

  it('sets aside a short label with only a link, not a sentence with a link', () => {
    expect(setAside(33)?.text).to.equal('* Sign-up sheet: [form](https://example.org/sign-up)');
    expect(setAside(34)?.text).to.equal('* Mastodon: https://example.social/@riverfriends');
    expect(texts.some((t) => t.startsWith('Ask the parks office for a grabber loan'))).to.equal(true);
  });

  it('ends a caption element left open at a blank line: the notes after it are read', () => {
    const { segments } = segmentText('<small>\n<em>The river map</em>\n\n- There are no bins along the lower path.\n- Volunteers do not know who to call.\n');
    expect(segments.map((s) => s.text)).to.deep.equal(['There are no bins along the lower path.', 'Volunteers do not know who to call.']);
  });

  it('keeps a point that opens with a caption word', () => {
    const { segments } = segmentText('## Barriers\n\n- Image-based abuse is rising among teenagers.\n- Photo sharing without consent is common.\n');
    expect(segments.map((s) => s.text)).to.deep.equal(['Image-based abuse is rising among teenagers.', 'Photo sharing without consent is common.']);
  });

  it('takes no rule, list and rule at the top of a document for front matter', () => {
    const { segments } = segmentText('---\n- Bins are missing on the lower path\n- Nobody empties the full bags\n---\n\nMore notes follow.\n');
    expect(segments.map((s) => s.text)).to.include.members(['Bins are missing on the lower path', 'Nobody empties the full bags']);
  });

  it('keeps the metadata header of plain notes as before (no front matter without its closing rule)', () => {
    const { info, segments } = segmentText('---\nDate: 3 March 2025\nVenue: Town hall\n\n- Buses stop running at eight in the evening\n');
    expect(info.metadata['date']).to.deep.equal(['3 March 2025']);
    expect(segments.map((s) => s.text)).to.include('Buses stop running at eight in the evening');
  });
});
