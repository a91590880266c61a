import { expect, test } from 'vitest';
import { searchSuggestion } from './error-pages.js';

test.each([
  ['/world/harbour-talks-stall-in-valmor', 'harbour talks stall in valmor'],
  ['/world/harbour-talks-stall/', 'harbour talks stall'],
  ['/defense/frigates?utm_source=x', 'frigates'],
  ['/nowhere', 'nowhere'],
  ['/', ''],
  ['/wp-admin/setup.php', ''],
  ['/world/12345', ''],
  ['/ab', ''],
  ['/world/Mixed-Case', ''],
  [`/world/${'a'.repeat(101)}`, ''],
])('a missing %s offers the search "%s"', (url, suggestion) => {
  expect(searchSuggestion(url)).toBe(suggestion);
});
