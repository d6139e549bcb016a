import { toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import { handleStorageEvaluate } from '../../../../testing/server/test-storage';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async () =>
	toResponse(await handleStorageEvaluate(await getServer()));
