// `npm run export -- --owner <uid> [--out <dir>]`: an owner's signed continuity bundle from the store.
import { exportCli, nodeIo } from '../src/lib/server/continuity/cli';

process.exitCode = await exportCli(process.argv.slice(2), await nodeIo());
