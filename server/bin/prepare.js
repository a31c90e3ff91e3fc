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
const run = (cmd, cwd = root) => execSync(cmd, { cwd, stdio: 'inherit', env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });

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

// The web application: typed operations generated from schema/schema.graphql (GraphQL Code Generator),
// type-checked, then bundled by Vite into client/dist. Skipped when nothing it depends on changed.
const clientDir = path.join(root, 'client');
const clientStamp = path.join(clientDir, 'dist', '.build-stamp');
const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'gql') walk(p);
    } else files.push(p);
  }
};
walk(path.join(clientDir, 'src'));
files.push(...['index.html', 'vite.config.mjs', 'codegen.yml', 'tsconfig.json'].map((f) => path.join(clientDir, f)), path.join(root, 'schema', 'schema.graphql'), lock);
const clientHash = crypto.createHash('sha256');
for (const f of files.sort()) clientHash.update(f).update(fs.readFileSync(f));
const clientDigest = clientHash.digest('hex');
if (process.env.SKIP_CLIENT_BUILD !== 'true' && (!fs.existsSync(clientStamp) || fs.readFileSync(clientStamp, 'utf8') !== clientDigest)) {
  console.log('Building the web application (codegen, tsc, vite)…');
  run('npx --no-install graphql-codegen --config codegen.yml --silent', clientDir);
  run('npx --no-install tsc -p client/tsconfig.json');
  run('npx --no-install vite build --config client/vite.config.mjs --logLevel warn');
  fs.writeFileSync(clientStamp, clientDigest);
}
