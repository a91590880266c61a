// A failure that repeats (a lost connection, retried every second or two) is reported without filling
// the log: the first time at once, then at most one line per interval saying how many more there were,
// and one line when it stops.
export class RepeatReporter {
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private unreported = 0;
  private failing = false;

  constructor(
    private readonly report: (message: string) => void,
    /** Where the line saying that it stopped goes (by default, where the failures go). */
    private readonly reportRecovery: (message: string) => void = report,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  failed(message: string): void {
    this.failing = true;
    const now = this.now();
    if (now - this.lastReportAt < this.intervalMs) {
      this.unreported++;
      return;
    }
    const more = this.unreported;
    this.report(more > 0 ? `${message} (${more} more ${more === 1 ? 'time' : 'times'} since the last report)` : message);
    this.lastReportAt = now;
    this.unreported = 0;
  }

  /** Reports that the failure stopped, once, if it was failing. */
  recovered(message: string): void {
    if (!this.failing) return;
    const more = this.unreported;
    this.reportRecovery(more > 0 ? `${message} (it failed ${more} more ${more === 1 ? 'time' : 'times'} after the last report)` : message);
    this.failing = false;
    this.unreported = 0;
    this.lastReportAt = Number.NEGATIVE_INFINITY;
  }
}
