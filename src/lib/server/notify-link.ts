import { statusLinkLine } from '../domain/messages';

/**
 * The message text with the status link's sentence: how every transport that carries one body
 * (email text, webhook) shows the link the delivery queue hands over (`Outbound.statusUrl`).
 */
export const bodyWithLink = (body: string, statusUrl: string | null): string =>
	statusUrl ? `${body}\n\n${statusLinkLine(statusUrl)}` : body;
