// Lint fixture (not linted by `npm run lint`): a ↔ b is an import cycle.
import { b } from './cycle-b';

export const a = (): number => b() + 1;
