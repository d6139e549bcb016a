// `npm run verify-restore -- <bundle> [...]`: the playbook restore checklist as PASS/FAIL lines.
import { nodeIo, verifyRestoreCli } from '../src/lib/server/continuity/cli';

process.exitCode = await verifyRestoreCli(process.argv.slice(2), await nodeIo());
