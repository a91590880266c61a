// A normalised copy of a comment that remembers, for every code unit, which part of the original text
// produced it. Matches found in the copy are reported in the reader's own text through this map.

export interface MappedText {
  readonly text: string;
  /** Original offset where the source of each code unit starts. */
  readonly starts: Int32Array;
  /** Original offset where the source of each code unit ends (exclusive). */
  readonly ends: Int32Array;
  /** 1 where the code unit only exists because a disguise was undone (spelled-out dot, look-alike letter…). */
  readonly disguised: Uint8Array;
}

/** The text itself, unchanged: every code unit maps to itself. */
export function identityMappedText(text: string): MappedText {
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  for (let k = 0; k < text.length; k++) {
    starts[k] = k;
    ends[k] = k + 1;
  }
  return { text, starts, ends, disguised: new Uint8Array(text.length) };
}

const RECENT = 16;

/**
 * Appends text to a new MappedText. Most of a comment passes through a pass unchanged, so unchanged
 * stretches are collected as one pending range and copied in bulk when something else is appended.
 */
export class MappedTextBuilder {
  private readonly pieces: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private disguised: Uint8Array;
  private size = 0;
  private pendingSource: MappedText | string | null = null;
  private pendingFrom = 0;
  private pendingTo = 0;
  /** The last few characters of the word being built (empty right after whitespace). */
  private recent = '';
  /** Whether the word being built contains a dot, i.e. already looks like a host. */
  private runHasDot = false;

  constructor(expectedLength: number) {
    const capacity = Math.max(16, expectedLength + 8);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.disguised = new Uint8Array(capacity);
  }

  /** Up to the last 16 characters of the word at the end of the output. */
  get tail(): string {
    this.flush();
    return this.recent;
  }

  /** Whether the word at the end of the output contains a dot. */
  get tailHasDot(): boolean {
    this.flush();
    return this.runHasDot;
  }

  /** Appends `piece`; every code unit of it maps to the original range [from, to). */
  push(piece: string, from: number, to: number, disguised: boolean): void {
    if (piece.length === 0) return;
    this.flush();
    this.reserve(piece.length);
    for (let k = 0; k < piece.length; k++) {
      this.starts[this.size] = from;
      this.ends[this.size] = to;
      this.disguised[this.size] = disguised ? 1 : 0;
      this.size++;
    }
    this.pieces.push(piece);
    this.trackRun(piece);
  }

  /** Copies code units [a, b) of the original text itself (the first pass). */
  copyOriginal(original: string, a: number, b: number): void {
    this.queue(original, a, b);
  }

  /** Copies code units [a, b) of an earlier pass, keeping their own mapping. */
  copy(source: MappedText, a: number, b: number): void {
    this.queue(source, a, b);
  }

  /** Appends `piece` in place of code units [a, b) of an earlier pass. */
  replace(piece: string, source: MappedText, a: number, b: number, disguised: boolean): void {
    const from = source.starts[a] ?? 0;
    const to = source.ends[b - 1] ?? from;
    let wasDisguised = disguised;
    for (let k = a; k < b && !wasDisguised; k++) wasDisguised = source.disguised[k] === 1;
    this.push(piece, from, to, wasDisguised);
  }

  build(): MappedText {
    this.flush();
    return {
      text: this.pieces.join(''),
      starts: this.starts.subarray(0, this.size),
      ends: this.ends.subarray(0, this.size),
      disguised: this.disguised.subarray(0, this.size),
    };
  }

  private queue(source: MappedText | string, a: number, b: number): void {
    if (b <= a) return;
    if (this.pendingSource === source && this.pendingTo === a) {
      this.pendingTo = b;
      return;
    }
    this.flush();
    this.pendingSource = source;
    this.pendingFrom = a;
    this.pendingTo = b;
  }

  private flush(): void {
    const source = this.pendingSource;
    if (source === null) return;
    this.pendingSource = null;
    const a = this.pendingFrom;
    const b = this.pendingTo;
    this.reserve(b - a);
    if (typeof source === 'string') {
      for (let k = a; k < b; k++) {
        this.starts[this.size] = k;
        this.ends[this.size] = k + 1;
        this.size++;
      }
      // disguised stays 0: the array is zero-filled and never written past `size` before this.
      const piece = source.slice(a, b);
      this.pieces.push(piece);
      this.trackRun(piece);
      return;
    }
    this.starts.set(source.starts.subarray(a, b), this.size);
    this.ends.set(source.ends.subarray(a, b), this.size);
    this.disguised.set(source.disguised.subarray(a, b), this.size);
    this.size += b - a;
    const piece = source.text.slice(a, b);
    this.pieces.push(piece);
    this.trackRun(piece);
  }

  private reserve(extra: number): void {
    const needed = this.size + extra;
    if (needed <= this.starts.length) return;
    const capacity = Math.max(needed, this.starts.length * 2);
    this.starts = grow(this.starts, new Int32Array(capacity));
    this.ends = grow(this.ends, new Int32Array(capacity));
    this.disguised = grow(this.disguised, new Uint8Array(capacity));
  }

  private trackRun(piece: string): void {
    if (piece.length === 1) {
      if (isTrackedSpace(piece.charCodeAt(0))) {
        this.recent = '';
        this.runHasDot = false;
      } else {
        this.recent = this.recent.length < RECENT ? this.recent + piece : this.recent.slice(1) + piece;
        this.runHasDot = this.runHasDot || piece === '.';
      }
      return;
    }
    const lastSpace = lastWhitespaceIndex(piece);
    const word = lastSpace < 0 ? piece : piece.slice(lastSpace + 1);
    const hasDot = word.includes('.');
    if (lastSpace < 0) {
      this.recent = (this.recent + word.slice(-RECENT)).slice(-RECENT);
      this.runHasDot = this.runHasDot || hasDot;
    } else {
      this.recent = word.slice(-RECENT);
      this.runHasDot = hasDot;
    }
  }
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function isTrackedSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x2028 || code === 0x2029;
}

function lastWhitespaceIndex(piece: string): number {
  for (let k = piece.length - 1; k >= 0; k--) {
    if (isTrackedSpace(piece.charCodeAt(k))) return k;
  }
  return -1;
}

/** True when any code unit in [a, b) came from undoing a disguise. */
export function hasDisguise(text: MappedText, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (text.disguised[k] === 1) return true;
  return false;
}
