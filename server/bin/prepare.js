#!/usr/bin/env node
// Makes a fresh clone runnable with no other step: installs dependencies when package-lock.json
// changed since the last install, then compiles TypeScript (incremental). Plain Node, no dependency.
'use strict';
const { execSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.bourse-install-stamp');
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });

const hash = crypto.createHash('sha256').update(fs.readFileSync(lock)).digest('hex');
const installed = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : '';
if (installed !== hash) {
  // `npm install` from the lock file: `npm ci` rejects lock files whose optional platform-specific
  // packages (jest's unrs-resolver bindings) npm itself pruned, a known npm bug.
  console.log('Installing dependencies (npm install from package-lock.json)…');
  run('npm install --no-audit --no-fund --loglevel=error');
  fs.writeFileSync(stamp, hash);
}
console.log('Building (tsc)…');
run('npx --no-install tsc -p .');
