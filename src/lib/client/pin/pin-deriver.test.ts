import { describe, expect, it } from 'vitest';
import { derivePinKeys } from '../../sync/pin';
import { PinDeriver, type StartScrypt } from './pin-deriver';

const O = { N: 16, r: 1, p: 1, dkLen: 4 };
const bytes = (s: string) => new TextEncoder().encode(s);

/** A fake scrypt whose runs the test finishes by hand, recording starts and cancels. */
function fakeStart() {
	const runs: { pin: string; cancelled: boolean; finish: () => void }[] = [];
	const start: StartScrypt = (pin) => {
		let finish = () => undefined as void;
		const done = new Promise<Uint8Array>((resolve) => (finish = () => resolve(pin.slice())));
		const run = { pin: new TextDecoder().decode(pin), cancelled: false, finish };
		runs.push(run);
		return { done, cancel: () => void (run.cancelled = true) };
	};
	return { runs, start };
}

describe('PinDeriver', () => {
	it('an unlock takes the run speculated for the same PIN instead of deriving again', async () => {
		const { runs, start } = fakeStart();
		const d = new PinDeriver(start);
		void d.speculate(bytes('1'), bytes('s'), O);
		void d.speculate(bytes('12'), bytes('s'), O);
		const spec = d.speculate(bytes('1234'), bytes('s'), O);
		const unlock = d.scrypt(bytes('1234'), bytes('s'), O);
		expect(runs.map((r) => [r.pin, r.cancelled])).toEqual([
			['1', true],
			['12', true],
			['1234', false]
		]);
		expect(unlock).toBe(spec);
		runs[2].finish();
		expect([...(await unlock)]).toEqual([...bytes('1234')]);
	});

	it('a different PIN, salt or cost at unlock is derived anew; a claimed run is never cancelled', async () => {
		const { runs, start } = fakeStart();
		const d = new PinDeriver(start);
		void d.speculate(bytes('1111'), bytes('s'), O);
		const claimed = d.scrypt(bytes('1112'), bytes('s'), O);
		void d.speculate(bytes('1112'), bytes('other salt'), O);
		void d.scrypt(bytes('1112'), bytes('other salt'), { ...O, N: 32 });
		expect(runs.map((r) => [r.pin, r.cancelled])).toEqual([
			['1111', true],
			['1112', false],
			['1112', true],
			['1112', false]
		]);
		runs[1].finish();
		expect([...(await claimed)]).toEqual([...bytes('1112')]);
	});

	it('gives the same keys as deriving on the page; a PIN typed before the one submitted is not used', async () => {
		const real: StartScrypt = (pin, salt, o) => ({
			done: import('@noble/hashes/scrypt.js').then((m) => m.scryptAsync(pin, salt, o)),
			cancel: () => undefined
		});
		const d = new PinDeriver(real);
		const kdf = 'scrypt:4:1:1';
		await derivePinKeys('2468', 'salt-1', kdf, d.speculate);
		const viaDeriver = await derivePinKeys('2468', 'salt-1', kdf, d.scrypt);
		const direct = await derivePinKeys('2468', 'salt-1', kdf);
		expect(viaDeriver).toEqual(direct);
		await derivePinKeys('2469', 'salt-1', kdf, d.speculate);
		const typedOther = await derivePinKeys('2468', 'salt-1', kdf, d.scrypt);
		expect(typedOther).toEqual(direct);
	});
});
