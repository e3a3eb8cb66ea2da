import type { INode } from 'n8n-workflow';

import type { Capability, ServerKnowledge } from './capabilities';
import { inspectFailure } from './errors';
import type { ListPage } from './paging';
import { and } from './query';
import type { FilterExpr } from './query';
import type { ListCallOptions, ListQuery } from './types';

/*
 * Requests whose shape a Bouwsoft server may refuse: a request that uses a feature not yet seen working in
 * this run (an `id` filter, `sort=id`, a `limit` above 100, `columns`, `distinct`) is a probe, asked with
 * fewer attempts on a server error. A 400, or a 500 that repeats, is told apart from an outage by a control
 * request without the suspected features (`ShapeRequests.diagnose`); the feature that fails is learned
 * (transport/capabilities.ts) and the read (transport/pageReads.ts) plans its next request without it.
 */

/** A page size every server is believed to serve (the smallest in the ladder). */
const SAFE_LIMIT = 100;
/** Page sizes tried, largest first, after a larger `limit` was refused. */
const LIMIT_LADDER = [500, 250];
/** Attempts of a probe that gets a server error: the error may be the server refusing the request's shape. */
export const PROBE_ATTEMPTS = 2;

/** A request feature that a server may not support. */
type Feature = 'idFilter' | 'sortById' | 'columns' | 'distinct' | 'limit';

/** Order in which features are added back to a control request to find the one that fails. */
const TEST_ORDER: readonly Feature[] = ['columns', 'distinct', 'sortById', 'idFilter', 'limit'];

/** Features that worked in this run (sent and answered): never suspected again within it. */
export interface ProvenFeatures {
	features: Set<Feature>;
	/** The largest `limit` answered. */
	limit: number;
}

export function noProvenFeatures(): ProvenFeatures {
	return { features: new Set(), limit: SAFE_LIMIT };
}

/** What the reads need from the client (transport/client.ts). */
export interface ReadHost {
	readonly known: ServerKnowledge;
	readonly proven: ProvenFeatures;
	can(cap: Capability): boolean | undefined;
	learn(cap: Capability, works: boolean): void;
	learnMaxLimit(limit: number): void;
	/** The page size to ask for, given the caller's and what the server refused. */
	limitFor(pageSize: number | undefined): number;
	list(resource: string, query: ListQuery, call?: ListCallOptions): Promise<ListPage>;
	node(): INode;
}

/** One request's shape. `idTerms` are the filter terms on `id` (keyset position and the caller's), sent apart. */
export interface Shape {
	filter?: FilterExpr;
	idTerms?: FilterExpr;
	sort: boolean;
	limit: number;
	offset?: number;
	columns?: string[];
	distinct: boolean;
}

function features(shape: Shape): Feature[] {
	const out: Feature[] = [];
	if (shape.idTerms) out.push('idFilter');
	if (shape.limit > SAFE_LIMIT) out.push('limit');
	if (shape.sort) out.push('sortById');
	if (shape.distinct) out.push('distinct');
	if (shape.columns) out.push('columns');
	return out;
}

function toQuery(shape: Shape): ListQuery {
	return {
		filter: and(shape.filter, shape.idTerms),
		sort: shape.sort ? 'id' : undefined,
		limit: shape.limit,
		offset: shape.offset,
		columns: shape.columns,
		distinct: shape.distinct || undefined,
	};
}

function without(shape: Shape, feature: Feature): Shape {
	switch (feature) {
		case 'idFilter':
			// Without the keyset term the same read starts at the first offset page.
			return { ...shape, idTerms: undefined, offset: shape.offset ?? 0 };
		case 'limit':
			return { ...shape, limit: SAFE_LIMIT };
		case 'sortById':
			return { ...shape, sort: false };
		case 'distinct':
			return { ...shape, distinct: false };
		case 'columns':
			return { ...shape, columns: undefined, distinct: false };
	}
}

/** `base` with `feature` as `original` has it. */
function withFeature(base: Shape, original: Shape, feature: Feature): Shape {
	switch (feature) {
		case 'idFilter':
			return { ...base, idTerms: original.idTerms, offset: original.offset };
		case 'limit':
			return { ...base, limit: original.limit };
		case 'sortById':
			return { ...base, sort: original.sort };
		case 'distinct':
			return { ...base, columns: original.columns, distinct: original.distinct };
		case 'columns':
			return { ...base, columns: original.columns };
	}
}

/** The status of a failed request that a refused request shape can cause (the rest are never the shape's). */
export function refusalStatus(error: unknown): number | undefined {
	const { status } = inspectFailure(error);
	return status !== undefined && (status === 400 || status >= 500) ? status : undefined;
}

function queryKey(shape: Shape): string {
	return JSON.stringify(toQuery(shape));
}

/** The requests of one read: probes, their diagnosis, and a control answer kept when the read asks it next. */
export class ShapeRequests {
	private kept?: { key: string; page: ListPage };

	constructor(
		private readonly host: ReadHost,
		private readonly resource: string,
	) {}

	/** The answer, or undefined when a feature was just learned not to work (the caller plans again). */
	async send(shape: Shape): Promise<ListPage | undefined> {
		const key = queryKey(shape);
		if (this.kept?.key === key) {
			const { page } = this.kept;
			this.kept = undefined;
			return page;
		}
		this.kept = undefined;
		const probing = features(shape).some((f) => !this.isProven(f, shape) && this.isUnknown(f));
		const answer = await this.ask(shape, probing ? PROBE_ATTEMPTS : undefined);
		if ('page' in answer) return answer.page;
		// Learned meanwhile by another read of this run (they run in parallel): plan again with it.
		if (this.outdated(shape)) return undefined;
		const { status } = answer;
		// A feature known to work is suspected again only on a 400 (a server may change); a 500 is an outage.
		const suspects = features(shape).filter((f) => !this.isProven(f, shape) && (status === 400 || this.isUnknown(f)));
		if (suspects.length === 0) throw answer.error;
		return await this.diagnose(shape, suspects, status);
	}

	/** The answer to `shape`, or its refusal-like failure; any other failure is thrown. */
	private async ask(shape: Shape, attempts?: number): Promise<{ page: ListPage } | { error: unknown; status: number }> {
		const outcome = await this.host.list(this.resource, toQuery(shape), attempts === undefined ? {} : { attempts }).then(
			(page) => ({ page }),
			(error: unknown) => ({ error }),
		);
		if ('page' in outcome) {
			this.prove(shape);
			return outcome;
		}
		const status = refusalStatus(outcome.error);
		if (status === undefined) throw outcome.error;
		return { error: outcome.error, status };
	}

	private outdated(shape: Shape): boolean {
		const { capabilities, maxLimit } = this.host.known;
		return features(shape).some((f) => (f === 'limit' ? maxLimit !== undefined && shape.limit > maxLimit : capabilities[f] === false));
	}

	private isProven(feature: Feature, shape: Shape): boolean {
		if (feature === 'limit') return shape.limit <= Math.max(this.host.proven.limit, this.host.known.maxLimit ?? 0);
		return this.host.proven.features.has(feature);
	}

	private isUnknown(feature: Feature): boolean {
		return feature === 'limit' || this.host.known.capabilities[feature] === undefined;
	}

	/** Marks the features of an answered request as working in this run (not yet learned: answers are checked first). */
	private prove(shape: Shape): void {
		for (const f of features(shape)) if (f !== 'limit') this.host.proven.features.add(f);
		this.host.proven.limit = Math.max(this.host.proven.limit, shape.limit);
	}

	/**
	 * `shape` failed with a refusal-like status. The control — the same request without every suspected
	 * feature — failing too means Bouwsoft is down (or refuses the query for another reason): nothing is
	 * learned and the control's error is thrown (it was retried like any read). The control answering, the
	 * suspects are added back one at a time, each asked once (the server was just shown up), and the first
	 * one that fails is learned. When they all answer — `shape` itself in the end — the failure passed and
	 * nothing is learned. Only a lone suspect refused with a 400 is taken without asking again.
	 */
	private async diagnose(shape: Shape, suspects: Feature[], status: number): Promise<ListPage | undefined> {
		let base = suspects.reduce(without, shape);
		const control = await this.ask(base);
		if (!('page' in control)) throw control.error;
		let page = control.page;
		this.keep(base, page);
		let guilty: Feature | undefined = suspects.length === 1 && status === 400 ? suspects[0] : undefined;
		for (const feature of guilty ? [] : TEST_ORDER.filter((f) => suspects.includes(f))) {
			const test = withFeature(base, shape, feature);
			const answer = await this.ask(test, 1);
			if (!('page' in answer)) {
				guilty = feature;
				break;
			}
			base = test;
			page = answer.page;
			this.keep(base, page);
		}
		if (!guilty) {
			this.kept = undefined;
			return page;
		}
		if (guilty === 'limit') await this.learnLimit(shape);
		else this.host.learn(guilty, false);
		return undefined;
	}

	/** The largest page size of the ladder this server answers (the control answered SAFE_LIMIT). */
	private async learnLimit(shape: Shape): Promise<void> {
		for (const limit of LIMIT_LADDER.filter((l) => l < shape.limit)) {
			const test = { ...shape, limit };
			const answer = await this.ask(test, 1);
			if (!('page' in answer)) continue;
			this.keep(test, answer.page);
			this.host.learnMaxLimit(limit);
			return;
		}
		this.host.learnMaxLimit(SAFE_LIMIT);
	}

	/** A control's answer is a page of its own: kept in case the read's next request is the same. */
	private keep(shape: Shape, page: ListPage): void {
		this.kept = { key: queryKey(shape), page };
	}
}
