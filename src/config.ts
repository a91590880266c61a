// Every setting is declared once here: its variable, its documentation, its default and how it is checked.
// loadConfig() reads the environment once, reports every problem together, and returns a frozen Config.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { usableCpus } from './shared/cpus.js';
import { isTimeZone } from './shared/format.js';
import { makeFolder } from './shared/folders.js';

export interface RateLimit {
  /** Requests allowed per window; 0 turns the limit off. */
  perMinute: number;
  perHour: number;
}

export interface Config {
  port: number;
  host: string;
  /** Server processes sharing the port, to use more than one core of the machine (see cluster.ts). */
  workers: number;
  siteUrl: string;
  siteName: string;
  siteDescription: string;
  siteLanguage: string;
  /** IANA time zone for dates shown on pages. */
  siteTimeZone: string;
  databaseUrl: string;
  /** PostgreSQL: named prepared statements (see db/pg-statements.ts). */
  databasePreparedStatements: boolean;
  /** PostgreSQL: connections in the pool. */
  databasePoolSize: number;
  /** Folder for generated secrets and the default SQLite file. */
  dataDir: string;
  redisUrl: string | null;
  commentRateLimit: RateLimit;
  checkRateLimit: RateLimit;
  searchRateLimit: RateLimit;
  pageCache: boolean;
  /** Bytes the page cache may hold. */
  pageCacheBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * The reverse proxies whose X-Forwarded-* headers are believed (addresses, networks, or proxy-addr's
   * names "loopback", "linklocal", "uniquelocal"); false for none.
   */
  trustProxy: false | string[];
  sessionSecret: string;
  seedDemo: boolean;
  pageSize: number;
  comments: CommentSettings;
  /** Things worth telling the operator at start-up that are not errors. */
  warnings: readonly string[];
}

export type ModerationMode = 'none' | 'first' | 'all';

export interface CommentSettings {
  /** none: publish at once; first: hold a commenter's first comment until one is approved; all: hold every comment. */
  moderation: ModerationMode;
  /** Comments close this many days after publication; 0 keeps them open. */
  closeAfterDays: number;
  editWindowMinutes: number;
  minFillSeconds: number;
  /** Comments containing any of these words are held for moderation (lower case). */
  holdWords: readonly string[];
  perPage: number;
  /** An approved comment reported by this many readers goes back to moderation; 0 never. */
  reportsToHold: number;
}

type Env = Record<string, string | undefined>;

interface Setting {
  env: string;
  doc: string;
  default: string;
}

/** The documented settings, in the order docs/configuration.md lists them. */
export const settings: Setting[] = [
  { env: 'PORT', doc: 'TCP port to listen on.', default: '3000' },
  { env: 'WORKERS', doc: "Server processes to run on this machine, sharing the port, to use more than one CPU core: a number from 1 to 64, or `auto` for one per core (no more than a container's CPU quota allows). Rate limits and page-cache invalidation are shared between them. Each needs its own memory (about 100 MB).", default: '1' },
  { env: 'HOST', doc: 'Address to listen on. Use 0.0.0.0 to accept connections from other machines.', default: '127.0.0.1' },
  { env: 'SITE_URL', doc: 'Public base URL: the root of a host (no path), used in canonical links, feeds and sitemaps.', default: 'http://localhost:PORT' },
  { env: 'SITE_NAME', doc: 'Name of the publication, shown in the masthead, feeds and metadata.', default: 'The Broadsheet' },
  { env: 'SITE_DESCRIPTION', doc: 'One-line description of the publication.', default: 'Independent news and analysis.' },
  { env: 'SITE_LANGUAGE', doc: 'Language of the content as a BCP 47 tag (html lang, feeds, news sitemap, and the stems search finds words by; a change rewrites the search index once, while serving).', default: 'en' },
  { env: 'SITE_TIMEZONE', doc: 'Time zone for the dates and times shown on pages, as an IANA name such as Europe/Kyiv.', default: 'UTC' },
  { env: 'DATABASE_URL', doc: '`sqlite:PATH` (created on first start, with demo content when empty) or `postgres://user:pass@host:port/db`.', default: 'sqlite:./data/broadsheet.db' },
  { env: 'DATABASE_POOL_SIZE', doc: 'PostgreSQL only: connections each app node keeps open to the database (1–100). The database must allow this many times the number of nodes, plus the command line.', default: '10' },
  { env: 'DATABASE_PREPARED_STATEMENTS', doc: 'PostgreSQL only: send queries as named prepared statements, so that the server plans each one once per connection (`on` or `off`). Turn it off behind a connection pooler in transaction mode that cannot keep them (PgBouncer before 1.21, or with `max_prepared_statements = 0`).', default: 'on' },
  { env: 'DATA_DIR', doc: 'Folder for generated secrets (and the default SQLite file); it must be writable unless `SESSION_SECRET` is given.', default: './data' },
  { env: 'REDIS_URL', doc: 'Optional `redis://…`. When set, rate limits and page-cache invalidation are shared between app nodes; the server does not start until Redis answers.', default: '' },
  { env: 'COMMENT_RATE_LIMIT', doc: 'Comment posts allowed per client in any 60 seconds and in any hour, as `PER_MINUTE/PER_HOUR` (or one number per minute); a post refused for its text (a link, too long) does not count. `0` turns the limit off.', default: '5/30' },
  { env: 'CHECK_RATE_LIMIT', doc: 'Live link checks allowed per client in any 60 seconds and in any hour, as `PER_MINUTE/PER_HOUR`; every comment post and edit counts as one too. `0` turns the limit off.', default: '120/2000' },
  { env: 'SEARCH_RATE_LIMIT', doc: 'Searches allowed per client in any 60 seconds and in any hour, as `PER_MINUTE/PER_HOUR` (each page of results counts). `0` turns the limit off.', default: '30/300' },
  { env: 'COMMENT_MODERATION', doc: '`none` publishes comments at once, `first` holds a commenter\'s first comment until one is approved, `all` holds every comment.', default: 'first' },
  { env: 'COMMENT_CLOSE_AFTER_DAYS', doc: 'Close comments this many days after an article is published; `0` keeps them open.', default: '30' },
  { env: 'COMMENT_EDIT_MINUTES', doc: 'How long a reader may edit or delete their own comment.', default: '15' },
  { env: 'COMMENT_MIN_FILL_SECONDS', doc: 'Comment forms sent sooner than this after the page was shown are refused as automated (HTML form only).', default: '3' },
  { env: 'COMMENT_HOLD_WORDS', doc: 'Comma-separated words or phrases that hold a comment for moderation.', default: '' },
  { env: 'COMMENTS_PER_PAGE', doc: 'Top-level comments shown per page under an article (10–200).', default: '50' },
  { env: 'COMMENT_REPORTS_TO_HOLD', doc: 'A published comment reported by this many readers (from different networks) goes back to moderation until a moderator approves it again (1–100); `0` keeps reported comments up. Once a moderator has approved a comment, reports only list it (`broadsheet comments reported`).', default: '3' },
  { env: 'PAGE_CACHE', doc: 'Keep rendered public pages in memory until content changes (`on` or `off`).', default: 'on' },
  { env: 'PAGE_CACHE_MB', doc: 'Memory the page cache may use, in MB (1–4096). The default holds about a thousand article pages, the newest and most read; the oldest make room for new ones.', default: '16' },
  { env: 'SEED_DEMO', doc: 'Load the demo articles into an empty database on start (`on` or `off`).', default: 'on' },
  { env: 'PAGE_SIZE', doc: 'Articles per page on section, tag and author pages (1–100).', default: '20' },
  { env: 'LOG_LEVEL', doc: 'One of fatal, error, warn, info, debug, trace, silent.', default: 'info' },
  { env: 'TRUST_PROXY', doc: 'Believe the X-Forwarded-* headers of reverse proxies: `on` for a proxy on this machine or a private network, or the proxies\' addresses and networks (`203.0.113.7,10.0.0.0/8`). Only what those proxies add is believed, never what a reader sent before them. `off` when readers reach the server directly.', default: 'off' },
  { env: 'SESSION_SECRET', doc: 'Secret for signing cookies, client hashes and preview links (32+ characters); a new one ends every preview link. Also read from `SESSION_SECRET_FILE`. Generated and stored in DATA_DIR when not given.', default: '' },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function defaultOf(name: string): string {
  return settings.find((s) => s.env === name)?.default ?? '';
}

/** Reads and validates the whole configuration. Throws ConfigError listing every bad value. */
export function loadConfig(env: Env = process.env, options: { writeSecrets?: boolean } = {}): Config {
  const problems: string[] = [];
  const raw = (name: string): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? defaultOf(name) : value.trim();
  };

  const port = parseInteger(raw('PORT'), 'PORT', 1, 65535, problems);
  const workers = parseWorkers(raw('WORKERS'), problems);
  const host = raw('HOST');
  if (!/^[\w.:-]+$/.test(host)) problems.push(`HOST must be a host name or IP address, got "${host}".`);

  const siteUrlRaw = env.SITE_URL?.trim() || `http://localhost:${port ?? 3000}`;
  let siteUrl = siteUrlRaw;
  try {
    const url = new URL(siteUrlRaw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    siteUrl = url.toString().replace(/\/$/, '');
    // Pages link to each other from the root of the host ("/world/…"), so the site cannot live below a path.
    if (url.pathname !== '/' || url.search || url.hash || url.username) {
      problems.push(`SITE_URL must be the root of the site's host, such as https://news.example.org, without a path, query or user name; got "${siteUrlRaw}". Broadsheet serves its pages from the root of a host: give it a host name of its own.`);
    }
  } catch {
    problems.push(`SITE_URL must be an absolute http(s) URL such as https://news.example.org, got "${siteUrlRaw}".`);
  }

  const databaseUrl = raw('DATABASE_URL');
  checkDatabaseUrl(databaseUrl, problems);
  const databasePreparedStatements = parseSwitch(raw('DATABASE_PREPARED_STATEMENTS'), 'DATABASE_PREPARED_STATEMENTS', problems);
  const databasePoolSize = parseInteger(raw('DATABASE_POOL_SIZE'), 'DATABASE_POOL_SIZE', 1, 100, problems);

  const redisUrl = raw('REDIS_URL') || null;
  if (redisUrl && !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    problems.push(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}".`);
  }

  const commentRateLimit = parseRateLimit(raw('COMMENT_RATE_LIMIT'), 'COMMENT_RATE_LIMIT', problems);
  const checkRateLimit = parseRateLimit(raw('CHECK_RATE_LIMIT'), 'CHECK_RATE_LIMIT', problems);
  const searchRateLimit = parseRateLimit(raw('SEARCH_RATE_LIMIT'), 'SEARCH_RATE_LIMIT', problems);
  const pageCache = parseSwitch(raw('PAGE_CACHE'), 'PAGE_CACHE', problems);
  const pageCacheMb = parseInteger(raw('PAGE_CACHE_MB'), 'PAGE_CACHE_MB', 1, 4096, problems);
  const seedDemo = parseSwitch(raw('SEED_DEMO'), 'SEED_DEMO', problems);
  const trustProxy = parseTrustProxy(raw('TRUST_PROXY'), problems);
  const pageSize = parseInteger(raw('PAGE_SIZE'), 'PAGE_SIZE', 1, 100, problems);

  const moderation = raw('COMMENT_MODERATION') as ModerationMode;
  if (!['none', 'first', 'all'].includes(moderation)) problems.push(`COMMENT_MODERATION must be none, first or all, got "${moderation}".`);
  const closeAfterDays = parseInteger(raw('COMMENT_CLOSE_AFTER_DAYS'), 'COMMENT_CLOSE_AFTER_DAYS', 0, 36500, problems);
  const editWindowMinutes = parseInteger(raw('COMMENT_EDIT_MINUTES'), 'COMMENT_EDIT_MINUTES', 0, 1440, problems);
  const minFillSeconds = parseInteger(raw('COMMENT_MIN_FILL_SECONDS'), 'COMMENT_MIN_FILL_SECONDS', 0, 600, problems);
  const perPageComments = parseInteger(raw('COMMENTS_PER_PAGE'), 'COMMENTS_PER_PAGE', 10, 200, problems);
  const reportsToHold = parseInteger(raw('COMMENT_REPORTS_TO_HOLD'), 'COMMENT_REPORTS_TO_HOLD', 0, 100, problems);
  const holdWords = raw('COMMENT_HOLD_WORDS').split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);

  const logLevel = raw('LOG_LEVEL') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}".`);

  const siteLanguage = raw('SITE_LANGUAGE');
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(siteLanguage)) problems.push(`SITE_LANGUAGE must be a language tag such as en or en-GB, got "${siteLanguage}".`);

  const siteTimeZone = raw('SITE_TIMEZONE');
  if (!isTimeZone(siteTimeZone)) problems.push(`SITE_TIMEZONE must be a time zone name such as Europe/Kyiv or UTC, got "${siteTimeZone}".`);

  const dataDir = resolve(raw('DATA_DIR'));
  let sessionSecret = readSecret(env, 'SESSION_SECRET', problems);
  if (sessionSecret !== null && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long.');
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const warnings: string[] = [];
  if (sessionSecret === null) {
    try {
      sessionSecret = options.writeSecrets === false ? randomBytes(32).toString('hex') : generatedSecret(dataDir, 'session-secret');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new ConfigError([
        `DATA_DIR (${dataDir}) must be a folder Broadsheet can write to: the session secret could not be kept there (${reason}). Set DATA_DIR to a writable folder, or give SESSION_SECRET.`,
      ]);
    }
    if (!databaseUrl.startsWith('sqlite:')) {
      warnings.push(`SESSION_SECRET is not set, so this node uses its own from ${dataDir}. With several app nodes, give them all the same SESSION_SECRET (or SESSION_SECRET_FILE), or comment forms and commenters' cookies will not work across nodes.`);
    }
  }

  return Object.freeze({
    port: port!,
    host,
    workers: workers!,
    siteUrl,
    siteName: raw('SITE_NAME'),
    siteDescription: raw('SITE_DESCRIPTION'),
    siteLanguage,
    siteTimeZone,
    databaseUrl,
    databasePreparedStatements: databasePreparedStatements!,
    databasePoolSize: databasePoolSize!,
    dataDir,
    redisUrl,
    commentRateLimit: Object.freeze(commentRateLimit!),
    checkRateLimit: Object.freeze(checkRateLimit!),
    searchRateLimit: Object.freeze(searchRateLimit!),
    pageCache: pageCache!,
    pageCacheBytes: pageCacheMb! * 1024 * 1024,
    logLevel,
    trustProxy: trustProxy!,
    sessionSecret,
    seedDemo: seedDemo!,
    pageSize: pageSize!,
    warnings: Object.freeze(warnings),
    comments: Object.freeze({
      moderation,
      closeAfterDays: closeAfterDays!,
      editWindowMinutes: editWindowMinutes!,
      minFillSeconds: minFillSeconds!,
      holdWords: Object.freeze(holdWords),
      perPage: perPageComments!,
      reportsToHold: reportsToHold!,
    }),
  });
}

/** A valid configuration for tests, without touching the environment or the disk. */
export type ConfigOverrides = Partial<Omit<Config, 'comments'>> & { comments?: Partial<CommentSettings> };

export function testConfig(overrides: ConfigOverrides = {}): Config {
  const base = loadConfig({ LOG_LEVEL: 'silent', SESSION_SECRET: 'test-secret-test-secret-test-secret!', SEED_DEMO: 'off' }, { writeSecrets: false });
  return Object.freeze({ ...base, ...overrides, comments: Object.freeze({ ...base.comments, ...overrides.comments }) });
}

/** WORKERS: a number of processes, or "auto" for one per core this process may use (within a container's CPU quota). */
function parseWorkers(value: string, problems: string[]): number | undefined {
  if (value.toLowerCase() === 'auto') return Math.min(64, usableCpus());
  return parseInteger(value, 'WORKERS', 1, 64, problems, ' (or auto)');
}

function parseInteger(value: string, name: string, min: number, max: number, problems: string[], or = ''): number | undefined {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}${or}, got "${value}".`);
    return undefined;
  }
  return Number(value);
}

/** What "on" trusts: a proxy on this machine or in a private network (proxy-addr's names for them). */
const LOCAL_PROXIES = ['loopback', 'linklocal', 'uniquelocal'];
const PROXY_NAMES = new Set(LOCAL_PROXIES);

/**
 * TRUST_PROXY: off, on, or a list of proxy addresses and networks. There is no count of proxies in a
 * row: counting cannot tell the last proxy from a reader who connects directly and writes the header.
 */
function parseTrustProxy(value: string, problems: string[]): Config['trustProxy'] | undefined {
  const v = value.trim().toLowerCase();
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  if (['on', 'true', '1', 'yes'].includes(v)) return [...LOCAL_PROXIES];
  const entries = v.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length > 0 && entries.every((entry) => PROXY_NAMES.has(entry) || isAddressOrNetwork(entry))) return entries;
  problems.push(`TRUST_PROXY must be "off", "on" (a proxy on this machine or a private network), or proxy addresses and networks such as "203.0.113.7,10.0.0.0/8"; got "${value}".`);
  return undefined;
}

function isAddressOrNetwork(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function parseSwitch(value: string, name: string, problems: string[]): boolean | undefined {
  const v = value.toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  problems.push(`${name} must be "on" or "off", got "${value}".`);
  return undefined;
}

export function parseRateLimit(value: string, name: string, problems: string[]): RateLimit | undefined {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(value);
  if (!m) {
    problems.push(`${name} must be a number per minute, optionally followed by /PER_HOUR (e.g. "5/30"), or 0 to turn it off; got "${value}".`);
    return undefined;
  }
  const perMinute = Number(m[1]);
  const perHour = m[2] === undefined ? perMinute * 60 : Number(m[2]);
  if (perMinute === 0) return { perMinute: 0, perHour: 0 };
  return { perMinute, perHour };
}

function checkDatabaseUrl(url: string, problems: string[]): void {
  const problem = databaseUrlProblem(url);
  if (problem) problems.push(problem);
}

/** What is wrong with a database URL, in a sentence that names it as `name`; null for one Broadsheet can open. */
export function databaseUrlProblem(url: string, name = 'DATABASE_URL'): string | null {
  if (url.startsWith('sqlite:')) {
    return url.slice('sqlite:'.length).trim() === '' ? `${name} "sqlite:" needs a file path, e.g. sqlite:./data/broadsheet.db.` : null;
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      if (new URL(url).hostname) return null;
    } catch {
      // not a URL: the sentence below
    }
    return `${name} is not a valid PostgreSQL URL (postgres://user:password@host:5432/database): "${redact(url)}".`;
  }
  return `${name} must start with sqlite: or postgres://, got "${redact(url)}".`;
}

/** A URL with its password hidden before it appears in a message: user:password@ and :password@ (Redis has no user name by default). */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

function readSecret(env: Env, name: string, problems: string[]): string | null {
  const direct = env[name]?.trim();
  if (direct) return direct;
  const file = env[`${name}_FILE`]?.trim();
  if (!file) return null;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    problems.push(`${name}_FILE points to "${file}", which cannot be read.`);
    return null;
  }
}

function generatedSecret(dataDir: string, name: string): string {
  const path = resolve(dataDir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  makeFolder(dirname(path));
  const secret = randomBytes(32).toString('hex');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
