// Where settings, secrets and data live when Electron is not there to say (browser mode, headless).
// Matches Electron's app.getPath('userData') for productName "Bucketscope", so both modes share settings.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.BUCKETSCOPE_DATA_DIR) return resolve(env.BUCKETSCOPE_DATA_DIR);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Bucketscope');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Bucketscope');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Bucketscope');
}
