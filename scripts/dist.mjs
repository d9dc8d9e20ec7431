// `npm run dist [-- <electron-builder args>]`: build the bundles, then the installers for the current OS
// (electron-builder.yml lists them). Per OS: `npm run dist -- --linux`, `-- --win`, `-- --mac`;
// `-- --linux dir` for an unpacked folder only.
// Signing is opt-in: without CSC_LINK / CSC_NAME, certificate auto-discovery is turned off so a developer
// machine with a certificate in its keychain still produces an unsigned build. macOS notarization runs only
// when APPLE_ID/APPLE_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID (or the APPLE_API_KEY trio) are set.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
const signing = Boolean(env.CSC_LINK || env.CSC_NAME || env.WIN_CSC_LINK);
if (!signing) env.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
console.log(`dist: code signing ${signing ? 'ON (certificate from environment)' : 'off (set CSC_LINK + CSC_KEY_PASSWORD to sign)'}`);

function run(script, args) {
  const result = spawnSync(process.execPath, [path.join(root, script), ...args], { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('node_modules/electron-vite/bin/electron-vite.js', ['build']);
run('node_modules/electron-builder/cli.js', process.argv.slice(2));
