// A consultation with the sample's survey (and optionally other files), uploaded and analysed through the service, on any store.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadResources } from '../../src/corpus.ts';
import { OPEN_MODE } from '../../src/services/acting.ts';
import { HarvestService, type UploadedFile } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import type { Store } from '../../src/store/store.ts';
import { keptInlineRunner, SAMPLE } from '../web/helpers.ts';

/**
 * The service on `store` that made consultation `id` (the sample's survey first, then `more`) and analysed it (seed 42).
 * Its analyses are kept (keptInlineRunner): the store tests read and write an analysis, they do not test it.
 */
export async function analysedSurvey(store: Store, id: string, more: readonly UploadedFile[] = []): Promise<HarvestService> {
  const service = new HarvestService(store, await loadResources(), new JobQueue(keptInlineRunner, 1));
  await service.createConsultation({ name: 'Survey', id }, OPEN_MODE);
  await service.addDocuments(id, [{ name: 'survey-responses.csv', bytes: await readFile(path.join(SAMPLE, 'survey-responses.csv')) }, ...more], OPEN_MODE);
  await service.analyse(id, { seed: 42 });
  await service.jobs.idle();
  return service;
}
