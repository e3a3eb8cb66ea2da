import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import type { BouwsoftClient } from '../transport/client';
import { readKnowledge } from '../transport/capabilities';
import { contentHash } from './cursor/state';

/**
 * The only owner of the stored server knowledge (transport/capabilities.ts): the node's static data,
 * `bouwsoftServer: { '<credential key>': ServerKnowledge }`, so every n8n process that runs the node sees it
 * (n8n saves static data after production runs, on main and on workers). Keyed per credential (auth URL +
 * client number, hashed): a node switched to another Bouwsoft tenant starts from nothing. Manual runs are
 * not saved by n8n: they detect again, which only costs a request or two.
 */
const FIELD = 'bouwsoftServer';

type MemoryContext = IPollFunctions | IExecuteFunctions;

async function credentialKey(ctx: MemoryContext): Promise<string> {
	const credentials = await ctx.getCredentials('bouwsoftApi').catch(() => ({}) as IDataObject);
	return contentHash([credentials.authUrl ?? '', credentials.clientNr ?? ''], 16);
}

/** Gives the client what earlier runs learned about this credential's server. */
export async function recallServer(ctx: MemoryContext, client: BouwsoftClient): Promise<void> {
	const stored = ctx.getWorkflowStaticData('node')[FIELD] as IDataObject | undefined;
	if (!stored || typeof stored !== 'object') return;
	client.rememberServer(stored[await credentialKey(ctx)]);
}

/** Stores what the client knows now (only when it differs, so a quiet poll leaves static data untouched). */
export async function rememberServer(ctx: MemoryContext, client: BouwsoftClient): Promise<void> {
	const nodeData = ctx.getWorkflowStaticData('node');
	const key = await credentialKey(ctx);
	const all = (nodeData[FIELD] && typeof nodeData[FIELD] === 'object' ? nodeData[FIELD] : {}) as IDataObject;
	const next = JSON.parse(JSON.stringify(client.known)) as IDataObject;
	if (JSON.stringify(readKnowledge(all[key])) === JSON.stringify(readKnowledge(next))) return;
	nodeData[FIELD] = { ...all, [key]: next };
}
