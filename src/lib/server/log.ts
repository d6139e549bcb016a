export type LogFields = Record<string, unknown>;

export interface Logger {
	info(msg: string, fields?: LogFields): void;
	warn(msg: string, fields?: LogFields): void;
	error(msg: string, fields?: LogFields): void;
}

/** Structured one-line JSON logs to a sink (stdout by default). */
export function createLogger(write: (line: string) => void = (l) => console.log(l)): Logger {
	const at = (level: string) => (msg: string, fields?: LogFields) =>
		write(redactEmails(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })));
	return { info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Customer email addresses never reach the log, whatever field carried them. */
export const redactEmails = (line: string) =>
	line.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, '[email]');
