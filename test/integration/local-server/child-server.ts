// Runs the local server in a child process for the crash test: `node --import tsx child-server.ts <dataDir>`.
// Prints {"endpoint": …} once listening.
import { startLocalServer } from '../../../electron/main/local-server/index.ts';
import { CREDENTIALS } from './credentials.ts';

const server = await startLocalServer({ dataDir: process.argv[2] as string, credentials: [CREDENTIALS] });
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);
