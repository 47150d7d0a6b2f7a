// The Express app: settings, middleware and the route table only; handlers live in routes/, logic in services/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { HarvestService } from '../services/harvest.ts';
import { apiRouter } from './routes/api.ts';
import { pagesRouter } from './routes/pages.ts';
import { errorHandler, notFoundHandler } from './middleware.ts';

export interface AppDeps {
  service: HarvestService;
  /** Where server errors are written (stderr by default). */
  log?: (message: string) => void;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Build the web app (no listening here: src/server.ts does that, tests use supertest). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const log = deps.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  app.disable('x-powered-by');
  app.use(
    helmet({
      // Served over plain HTTP on the facilitator's machine: no HTTPS upgrade, no HSTS.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, 'img-src': ["'self'", 'data:'] } },
      strictTransportSecurity: false,
    }),
  );
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h' }));
  app.use(express.json({ limit: '2mb' }));
  app.use(express.urlencoded({ extended: true, limit: '2mb' }));
  app.use('/api', apiRouter(deps.service));
  app.use('/', pagesRouter(deps.service));
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
