// `npm run backup -- [--out <file.json>] [--sql]`: consistent logical snapshot of the whole store.
import { backupCli, nodeIo } from '../src/lib/server/continuity/cli';

process.exitCode = await backupCli(process.argv.slice(2), await nodeIo());
