// `npm run restore -- <backup.json> [--force]`: restore into an empty store (refuses a non-empty one).
import { nodeIo, restoreCli } from '../src/lib/server/continuity/cli';

process.exitCode = await restoreCli(process.argv.slice(2), await nodeIo());
