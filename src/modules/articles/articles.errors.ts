import { DomainError } from '../../http/errors.js';

export const articleNotFound = () =>
  new DomainError({ code: 'not_found', status: 404, message: "We couldn't find that article. It may have moved or been taken down." });

export const slugTaken = (slug: string) =>
  new DomainError({ code: 'slug_taken', status: 409, message: `Another article already uses the address "${slug}".`, fields: { slug: 'Choose a different slug.' } });

export const invalidArticle = (fields: Record<string, string>) =>
  new DomainError({ code: 'invalid', status: 422, message: `The article could not be saved: ${Object.values(fields).join(' ')}`, fields });

export const previewNotValid = () =>
  new DomainError({ code: 'not_found', status: 404, message: 'This preview link has expired or is not valid. Ask the newsroom for a new one.' });
