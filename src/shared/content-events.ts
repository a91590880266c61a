// Tells caches that published content changed. In one process this is a plain emitter; with REDIS_URL the
// app also relays the signal to other nodes (see http/cache-bus.ts).
export interface ContentChange {
  kind: 'article' | 'section' | 'author' | 'comment' | 'site';
  /** The article, section or author changed (for a comment: its article). */
  id?: string;
  /** For a comment: every section its article is listed in, when known. */
  sectionIds?: string[];
  /** Set when the change was made on another app node. */
  remote?: boolean;
}

export class ContentEvents {
  private listeners: Array<(change: ContentChange) => void> = [];
  /** Bumped on every change; caches compare it to know whether they are stale. */
  version = 0;
  /**
   * When this process last learned of a change, or started (its templates may differ from the last
   * process's). No page it serves can be older than that; pages that show comments or comment counts
   * use it as the floor of their Last-Modified, since a comment does not touch the article's own time.
   */
  changedAt: Date;
  /** The same for changes other than comments: the floor of Last-Modified for feeds and sitemaps. */
  articlesChangedAt: Date;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.changedAt = now();
    this.articlesChangedAt = this.changedAt;
  }

  onChange(listener: (change: ContentChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  changed(change: ContentChange): void {
    this.version++;
    this.changedAt = this.now();
    if (change.kind !== 'comment') this.articlesChangedAt = this.changedAt;
    for (const listener of this.listeners) listener(change);
  }
}
