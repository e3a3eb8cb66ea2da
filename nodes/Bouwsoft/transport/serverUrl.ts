/**
 * Where a Bouwsoft customer's data lives. The token call returns a bare host name (`Osiris.bouwsoft.be`);
 * some installations store only the prefix (`ra`), and our simulator returns a full `http://` origin.
 */
export function bouwsoftApiBaseUrl(serverName: string): string {
	let server = serverName.trim().replace(/\/+$/, '');
	if (!server) return '';
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(server)) {
		if (!server.includes('.') && !server.includes(':') && server.toLowerCase() !== 'localhost') {
			server = `${server}.bouwsoft.be`;
		}
		server = `https://${server}`;
	}
	return server.endsWith('/api/v1') ? server : `${server}/api/v1`;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Resolves a node's relative path (`/Products/`) against the customer's API base. */
export function resolveBouwsoftUrl(apiBase: string, baseURL: string | undefined, url: string | undefined): string {
	const path = url ?? '';
	if (ABSOLUTE.test(path)) return path;
	const base = baseURL && ABSOLUTE.test(baseURL) ? baseURL.replace(/\/+$/, '') : apiBase;
	if (!path) return base;
	return `${base}${path.startsWith('/') ? '' : '/'}${path}`;
}
