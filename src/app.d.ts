declare global {
	namespace App {
		interface Error {
			code?: string;
		}
	}
	const __APP_VERSION__: string;
}

export {};
