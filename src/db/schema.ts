// Table types for Kysely. Timestamps are ISO-8601 UTC strings and booleans are 0/1 integers on both
// dialects; the stores convert rows to domain objects.
import type { Generated, Kysely, Transaction } from 'kysely';

export interface SectionsTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  is_demo: number;
  created_at: string;
}

export interface AuthorsTable {
  id: string;
  slug: string;
  name: string;
  bio: string;
  is_demo: number;
  created_at: string;
}

export interface TagsTable {
  id: string;
  slug: string;
  name: string;
}

export type ArticleStatus = 'draft' | 'scheduled' | 'published';
export type ArticleType = 'news' | 'analysis' | 'opinion';

export interface ArticlesTable {
  id: string;
  slug: string;
  title: string;
  standfirst: string;
  word_count: number;
  status: ArticleStatus;
  type: ArticleType;
  author_id: string;
  primary_section_id: string;
  image_url: string | null;
  image_alt: string | null;
  comments_enabled: number;
  comment_count: Generated<number>;
  is_demo: number;
  /** When the article went (or goes) live; null for a draft never published. */
  published_at: string | null;
  updated_at: string;
  created_at: string;
}

/** The text of an article, apart from its row so that lists of articles read small rows. */
export interface ArticleBodiesTable {
  article_id: string;
  body_md: string;
  body_html: string;
}

/** Sections of an article. listed_at copies the article's published_at while it is visible, so section pages are one index scan. */
export interface ArticleSectionsTable {
  article_id: string;
  section_id: string;
  position: number;
  listed_at: string | null;
}

export interface ArticleTagsTable {
  article_id: string;
  tag_id: string;
  listed_at: string | null;
}

export interface SlugRedirectsTable {
  old_slug: string;
  article_id: string;
  created_at: string;
}

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'rejected' | 'deleted';

export interface CommentsTable {
  id: Generated<number>;
  article_id: string;
  parent_id: number | null;
  /** The top-level comment of the thread; null for a top-level comment itself. */
  root_id: number | null;
  depth: number;
  author_name: string;
  /** Never shown, never sent anywhere; used to recognise a returning commenter and for bans. */
  email: string | null;
  body: string;
  status: CommentStatus;
  held_reason: string | null;
  /** Hash of the commenter's browser token (cookie). */
  commenter_key: string;
  /** Salted hash of the client address; the address itself is never stored. */
  client_hash: string;
  /** Hash of the normalised body, for refusing duplicates. */
  body_hash: string;
  created_at: string;
  edited_at: string | null;
  updated_at: string;
  /** When a moderator last approved the comment's current text (readers' reports no longer hold it); null until then and after an edit. */
  reviewed_at: string | null;
}

export interface CommentBansTable {
  id: Generated<number>;
  kind: 'email' | 'client';
  value: string;
  reason: string;
  created_by: string;
  created_at: string;
}

export type ReportReason = 'abusive' | 'spam' | 'off_topic' | 'other';

export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  client_hash: string;
  reason: ReportReason;
  created_at: string;
}

export interface ModerationLogTable {
  id: Generated<number>;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  reason: string;
  at: string;
}

export interface SiteStateTable {
  id: number;
  content_version: number;
  /** How the search index's text was written: folding and stemming (see searchTextKind()); null before any. */
  search_text: string | null;
}

/**
 * One per article, for search. PostgreSQL adds a tsvector column, `document`, written with SQL; SQLite
 * keeps the words in the FTS5 tables search_index and search_headlines, whose rowid is `ordinal`
 * (see migrations/0011-search-order.ts).
 */
export interface SearchDocumentsTable {
  id: Generated<number>;
  article_id: string;
  /** Orders documents as their articles' publication times do; SQLite's FTS5 rowid (see searchOrdinal()). */
  ordinal: number;
}

export interface Database {
  sections: SectionsTable;
  authors: AuthorsTable;
  tags: TagsTable;
  articles: ArticlesTable;
  article_bodies: ArticleBodiesTable;
  article_sections: ArticleSectionsTable;
  article_tags: ArticleTagsTable;
  slug_redirects: SlugRedirectsTable;
  comments: CommentsTable;
  comment_bans: CommentBansTable;
  comment_reports: CommentReportsTable;
  moderation_log: ModerationLogTable;
  site_state: SiteStateTable;
  search_documents: SearchDocumentsTable;
}

export type Db = Kysely<Database>;

/** The database, or a transaction on it: what store functions run their statements on. */
export type Executor = Db | Transaction<Database>;
