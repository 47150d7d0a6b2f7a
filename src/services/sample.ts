// Load the sample consultation (corpus/sample) into an empty store, so a first start shows a finished example.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatOf } from '../ingest/index.ts';
import type { HarvestService } from './harvest.ts';
import type { Job } from './jobs.ts';
import { OPEN_MODE, type Acting } from './acting.ts';

export const SAMPLE_DIR = fileURLToPath(new URL('../../corpus/sample/', import.meta.url));
export const SAMPLE_ID = 'sample';

/**
 * Create the "sample" consultation from corpus/sample and start its analysis; returns the job, or null when the sample
 * is there already. `acting` becomes its owner when it is an account.
 */
export async function loadSample(service: HarvestService, acting: Acting = OPEN_MODE, dir = SAMPLE_DIR): Promise<Job | null> {
  // Whoever may see it: the sample is there once for the whole installation.
  const existing = await service.listConsultations(OPEN_MODE);
  if (existing.some((c) => c.id === SAMPLE_ID)) return null;
  await service.createConsultation({
    id: SAMPLE_ID,
    name: 'Sample: digital skills for women and girls in rural areas',
    description: 'A fictional regional consultation written for Harvest: four breakout groups, a closing plenary, an online survey and a webinar poll.',
    date: '2026-05-14',
  }, acting);
  const names = (await readdir(dir)).filter((f) => formatOf(f) && !/^readme\./i.test(f) && !f.startsWith('.')).sort();
  const files = [];
  for (const name of names) files.push({ name, bytes: new Uint8Array(await readFile(path.join(dir, name))) });
  await service.addDocuments(SAMPLE_ID, files, acting);
  return service.analyse(SAMPLE_ID);
}
