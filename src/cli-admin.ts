// Account commands: `harvest user add|passwd|remove|list`, `harvest token create|list|revoke`,
// on the installation's account store (the data folder, or PostgreSQL when DATABASE_URL is set).
import type { AccountStore } from './auth/accounts.ts';
import { loadConfig } from './config.ts';
import { AppError } from './errors.ts';
import { openStores } from './open-stores.ts';

export const ADMIN_USAGE = `Usage:
  harvest user add NAME       add a facilitator account (asks for the password; or reads it from stdin)
  harvest user passwd NAME    set a new password (ends the account's sessions and revokes its API tokens)
  harvest user remove NAME    remove the account and its API tokens
  harvest user list           list the accounts
  harvest token create NAME   print a new API token for NAME (shown once: keep it safe)
  harvest token list [NAME]   list the API tokens (of NAME): id, account, created (never the token)
  harvest token revoke ID     revoke the API token with this id

Accounts live in HARVEST_DATA_DIR (default ./data), in accounts.json, or, when DATABASE_URL is set, in
that PostgreSQL database (shared by every Harvest process using it). Once one exists, the web app asks
everyone to log in.`;

/** Read a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    let value = '';
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err: Error | null) => {
      input.setRawMode?.(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new AppError('BAD_ARGUMENT', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of stdin (for scripts and tests: `echo "$PASSWORD" | harvest user add dana`). */
async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function askPassword(name: string): Promise<string> {
  if (!process.stdin.isTTY) return readStdinLine();
  const first = await promptHidden(`Password for ${name} (at least 10 characters): `);
  const second = await promptHidden('The same password again: ');
  if (first !== second) throw new AppError('BAD_ARGUMENT', 'the two passwords differ; nothing was changed');
  return first;
}

/** Where the commands write and which environment they read (the data folder comes from HARVEST_DATA_DIR). */
export interface AdminIo {
  out: (s: string) => void;
  /** Hints that must not mix with the printed token (stderr). */
  err?: (s: string) => void;
  env: Record<string, string | undefined>;
}

const DEFAULT_IO: AdminIo = { out: (s) => process.stdout.write(s), env: process.env };

/** Run `task` on the configured account store, closing its connections afterwards. */
async function withAccounts<R>(env: Record<string, string | undefined>, task: (accounts: AccountStore) => Promise<R>): Promise<R> {
  const stores = await openStores(loadConfig(env));
  try {
    return await task(stores.accounts);
  } finally {
    await stores.close();
  }
}

/** `harvest user ...`; returns the exit code. AppErrors propagate to main. */
export async function runUser(argv: string[], io: AdminIo = DEFAULT_IO): Promise<number> {
  const { out } = io;
  const [action, name, ...extra] = argv;
  if (!action || action === '-h' || action === '--help') {
    out(`${ADMIN_USAGE}\n`);
    return action ? 0 : 2;
  }
  if (extra.length) throw new AppError('BAD_ARGUMENT', `unexpected arguments: ${extra.join(' ')}`);
  if (!['list', 'add', 'passwd', 'remove'].includes(action)) throw new AppError('BAD_ARGUMENT', `unknown command "user ${action}"; use add, passwd, remove or list`);
  if (action !== 'list' && !name) throw new AppError('BAD_ARGUMENT', `give the user name: harvest user ${action} NAME`);
  return withAccounts(io.env, (accounts) => userCommand(accounts, action, name ?? '', out));
}

async function userCommand(accounts: AccountStore, action: string, name: string, out: (s: string) => void): Promise<number> {
  if (action === 'list') {
    const users = await accounts.listUsers();
    out(users.length ? `${users.join('\n')}\n` : 'No accounts: the web app is open to this computer only.\n');
    return 0;
  }
  if (action === 'add' || action === 'passwd') {
    if (action === 'add' && (await accounts.userExists(name))) throw new AppError('BAD_ARGUMENT', `the user "${name}" exists already; to change the password: harvest user passwd ${name}`);
    if (action === 'passwd' && !(await accounts.userExists(name))) throw new AppError('NOT_FOUND', `there is no user "${name}"`);
    const password = await askPassword(name);
    // A new password is for a password that may have leaked: the tokens made with the old one go too.
    const tokens = action === 'passwd' ? (await accounts.listTokens(name)).length : 0;
    await accounts.addUser(name, password, { replace: action === 'passwd' });
    if (action === 'add') out(`Added ${name}. The web app now asks everyone to log in.\n`);
    else out(`Changed the password of ${name}; their sessions ended and ${tokens === 1 ? '1 API token was' : `${tokens} API tokens were`} revoked.\n`);
    return 0;
  }
  if (action === 'remove') {
    if (!(await accounts.removeUser(name))) throw new AppError('NOT_FOUND', `there is no user "${name}"`);
    out(`Removed ${name} and their API tokens.\n`);
    return 0;
  }
  throw new AppError('BAD_ARGUMENT', `unknown command "user ${action}"; use add, passwd, remove or list`);
}

/** `harvest token create NAME` (prints the token once), `harvest token list [NAME]`, `harvest token revoke ID`. */
export async function runToken(argv: string[], io: AdminIo = DEFAULT_IO): Promise<number> {
  const { out } = io;
  const [action, arg, ...extra] = argv;
  if (!action || action === '-h' || action === '--help') {
    out(`${ADMIN_USAGE}\n`);
    return action ? 0 : 2;
  }
  if (action === 'list') {
    if (extra.length) throw new AppError('BAD_ARGUMENT', 'use: harvest token list [NAME]');
    const tokens = await withAccounts(io.env, async (accounts) => {
      if (arg !== undefined && !(await accounts.userExists(arg))) throw new AppError('NOT_FOUND', `there is no user "${arg}"`);
      return accounts.listTokens(arg);
    });
    if (tokens.length === 0) out(arg === undefined ? 'No API tokens.\n' : `No API tokens for ${arg}.\n`);
    else out(['ID\tUSER\tCREATED', ...tokens.map((t) => `${t.id}\t${t.user}\t${t.createdAt}`)].join('\n') + '\n');
    return 0;
  }
  if (action === 'revoke') {
    if (!arg || extra.length) throw new AppError('BAD_ARGUMENT', 'use: harvest token revoke ID (the ids are in: harvest token list)');
    if (!(await withAccounts(io.env, (accounts) => accounts.revokeToken(arg)))) throw new AppError('NOT_FOUND', `there is no API token "${arg}"; see: harvest token list`);
    out(`Revoked the API token ${arg}.\n`);
    return 0;
  }
  if (action !== 'create') throw new AppError('BAD_ARGUMENT', `unknown command "token ${action}"; use create, list or revoke`);
  if (!arg || extra.length) throw new AppError('BAD_ARGUMENT', 'use: harvest token create NAME');
  const { token } = await withAccounts(io.env, (accounts) => accounts.createToken(arg));
  out(`${token}\n`);
  (io.err ?? ((x: string) => process.stderr.write(x)))(`API token for ${arg}: send it as "Authorization: Bearer <token>". It is shown only this once.\n`);
  return 0;
}
