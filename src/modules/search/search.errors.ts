import { DomainError } from '../../http/errors.js';
import { describeWait } from '../../shared/format.js';

export const searchRateLimited = (retryAfterSeconds: number) =>
  new DomainError({
    code: 'rate_limited',
    status: 429,
    message: `You are searching faster than we allow. Please wait ${describeWait(retryAfterSeconds)} and search again.`,
    headers: { 'retry-after': String(retryAfterSeconds) },
    details: { retry_after: retryAfterSeconds },
  });
