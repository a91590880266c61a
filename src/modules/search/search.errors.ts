import { rateLimitedError } from '../../http/errors.js';
import { describeWait } from '../../shared/format.js';

export const searchRateLimited = (retryAfterSeconds: number) =>
  rateLimitedError(`You are searching faster than we allow. Please wait ${describeWait(retryAfterSeconds)} and search again.`, retryAfterSeconds);
