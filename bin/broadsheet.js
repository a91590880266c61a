#!/usr/bin/env node
// The installed command. The TypeScript sources are compiled to dist/ by `npm install` (prepare) and `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('Broadsheet is not built yet: run `npm run build` in the project folder first.');
  process.exit(1);
}
await import(cli.href);
