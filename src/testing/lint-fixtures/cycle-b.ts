// Lint fixture (not linted by `npm run lint`): a ↔ b is an import cycle.
import { a } from './cycle-a';

export const b = (): number => (a.length > 0 ? 1 : 0);
