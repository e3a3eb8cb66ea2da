/**
 * Request → envelope: https check (option), token pair (1002–1005, before anything else), optional
 * Bearer header, endpoint lookup (1000 / 1001), then the endpoint handler. An exception in a handler is
 * OutSmart's 1007 "general uncaught error".
 */
import { deleteEntity } from './deleteEntity';
import { FILTER_ENDPOINTS } from './entities';
import { fail } from './envelope';
import type { Envelope, Handler, HandlerContext } from './envelope';
import { entityHandler, filterHandler } from './masterData';
import { ENTITY_NAMES } from './types';
import { getWorkorder, getWorkorders, postWorkorders, updateWorkorder } from './workorders';

export const API_PREFIX = '/openapi/8';

const HANDLERS: Record<string, Handler> = {
	...Object.fromEntries(ENTITY_NAMES.map((name) => [name, entityHandler(name)])),
	...Object.fromEntries(Object.entries(FILTER_ENDPOINTS).map(([path, name]) => [path, filterHandler(name)])),
	PostWorkorders: postWorkorders,
	GetWorkorder: getWorkorder,
	GetWorkorders: getWorkorders,
	UpdateWorkorder: updateWorkorder,
	DeleteEntity: deleteEntity,
};

/** The endpoint of an API path ('' when none), or null when the path is outside /openapi/8. */
export function endpointOf(pathname: string): string | null {
	if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return null;
	return pathname.slice(API_PREFIX.length).replace(/^\/+|\/+$/g, '');
}

/** Checks the tokens; null when the request may proceed. */
function authenticate(context: HandlerContext, authorization: string | undefined): Envelope | null {
	const { query, state } = context;
	const { options } = state;
	if (options.requireHttps) return fail(1006);
	const token = query.get('token');
	const softwareToken = query.get('software_token');
	if (!token) return fail(1002);
	if (!softwareToken) return fail(1003);
	if (token !== options.token) return fail(1004);
	if (softwareToken !== options.softwareToken) return fail(1005);
	const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
	if (bearer !== undefined && bearer !== options.token) return fail(1004, ['Bearer token does not match the client token.']);
	if (bearer === undefined && options.requireBearer) return fail(1004, ['Missing Authorization: Bearer header.']);
	return null;
}

export function route(context: HandlerContext, authorization: string | undefined): Envelope {
	const denied = authenticate(context, authorization);
	if (denied) return denied;
	if (context.endpoint === '') return fail(1000);
	const handler = Object.prototype.hasOwnProperty.call(HANDLERS, context.endpoint)
		? HANDLERS[context.endpoint]
		: undefined;
	if (!handler) return fail(1001, [`Endpoint unknown: ${context.endpoint}`]);
	try {
		return handler(context);
	} catch (error) {
		return fail(1007, [`${CODE_1007}: ${(error as Error).message}`]);
	}
}

const CODE_1007 = 'A general uncaught error occured';
