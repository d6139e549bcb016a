// `npm run verify-export -- <bundle.json | bundle.zip | folder>`: recompute the signature, name what differs.
import { nodeIo, verifyExportCli } from '../src/lib/server/continuity/cli';

process.exitCode = await verifyExportCli(process.argv.slice(2), await nodeIo());
