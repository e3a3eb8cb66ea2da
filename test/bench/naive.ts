/**
 * The naive baseline: what a user builds with n8n's HTTP Request node and no batching. Strictly one request
 * at a time: Bouwsoft pages one after the other (offset paging, the same page size as our default), linked
 * records fetched per record (one request per client / contact list / phase list), and one OutSmart POST
 * per OutSmart record. It uses a bare keep-alive Node HTTP client and our own mapping functions, so it has
 * NO n8n overhead at all: that makes the baseline faster than a real HTTP Request workflow, and our
 * speed-up a conservative figure.
 *
 * It runs on a sample (the first `sample` eligible records) and the result is extrapolated per record.
 */
import type { IDataObject } from 'n8n-workflow';

import { MAPPERS } from '../../nodes/OutSmart/mapping';
import type { MappingContext } from '../../nodes/OutSmart/mapping';
import { DEFAULT_MAPPING_OPTIONS } from '../../nodes/OutSmart/mapping/common';
import type { ImportCategory } from '../../nodes/shared/types';
import { json } from './httpClient';
import type { SimHost } from './sims';
import type { SimCounts } from './simProtocol';

const WRITE_ENDPOINT: Record<string, string> = { workorders: 'PostWorkorders' };

export interface NaiveResult {
	sample: number;
	ms: number;
	msPerRecord: number;
	counts: SimCounts;
	failures: number;
}

interface Envelope {
	Records: IDataObject[];
}

export async function runNaive(
	sims: SimHost,
	category: Extract<ImportCategory, 'materials' | 'relations' | 'projects'>,
	sample: number,
	pageSize = 500,
): Promise<NaiveResult> {
	const info = sims.info;
	await sims.resetCounts();
	const started = performance.now();
	const token = await json<{ AccessToken: string; ServerName: string }>(`${info.authUrl}/api/v1/Authorize/AccessToken`, {
		headers: { Clientnr: String(info.clientNr), RefreshToken: info.refreshToken },
	});
	const bouwsoftHeaders = { Clientnr: String(info.clientNr), AccessToken: token.AccessToken, Accept: 'application/json' };
	const get = async (pathAndQuery: string) =>
		(await json<Envelope>(`${token.ServerName}/api/v1/${pathAndQuery}`, { headers: bouwsoftHeaders })).Records ?? [];
	const q = encodeURIComponent;
	const osAuth = `token=${q(info.outsmartToken)}&software_token=${q(info.outsmartSoftwareToken)}`;
	let failures = 0;
	const post = async (endpoint: string, record: IDataObject) => {
		const envelope = await json<{ code: number }>(`${info.outsmartBaseUrl}/${endpoint}?${osAuth}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${info.outsmartToken}` },
			body: JSON.stringify([record]),
		});
		if (Number(envelope.code) !== 200) failures++;
	};
	const context: MappingContext = { options: { ...DEFAULT_MAPPING_OPTIONS }, wants: () => true };
	const resource = { materials: 'Products', relations: 'Addresses', projects: 'Projects' }[category];

	let done = 0;
	for (let offset = 0; done < sample; offset += pageSize) {
		const page = await get(`${resource}/?sort=id&limit=${pageSize}&offset=${offset}`);
		if (page.length === 0) break;
		for (const record of page) {
			if (done >= sample) break;
			if (category === 'relations' && (!(Number(record.clientnr) > 0) || String(record.name ?? '').trim() === '')) continue;
			if (category === 'relations') {
				record.contacts = await get(`AddressContacts/?filter=${q(`address_id eq ${String(record.id)}`)}`);
			}
			if (category === 'projects') {
				const clientId = Number(record.client_addressid);
				record.client = clientId > 0 ? ((await get(`Addresses/${clientId}`))[0] ?? null) : null;
				record.activities = await get(`ProjectPhases/?filter=${q(`project_id eq ${String(record.id)}`)}`);
			}
			const mapped = MAPPERS[category](record, context);
			done++;
			if (!mapped.ok) {
				failures++;
				continue;
			}
			for (const write of mapped.writes) await post(WRITE_ENDPOINT[write.kind] ?? write.kind, write.record);
		}
		if (page.length < pageSize) break;
	}
	const ms = performance.now() - started;
	return { sample: done, ms, msPerRecord: ms / Math.max(1, done), counts: await sims.counts(), failures };
}
