/**
 * `npm run simulators`: start the Bouwsoft and OutSmart simulators on fixed ports for the demo, the e2e
 * suite or manual exploration, print their URLs and demo credentials, and run until SIGINT/SIGTERM.
 *
 * Options (argument wins over environment variable, which wins over the default):
 *   --bouwsoft-auth-port  BOUWSOFT_AUTH_PORT   18080
 *   --bouwsoft-data-port  BOUWSOFT_DATA_PORT   18081
 *   --outsmart-port       OUTSMART_PORT        18090
 *   --latency-ms          SIM_LATENCY_MS       0      (both simulators, per request)
 *   --products / --addresses / --projects / --assignments / --employees
 *                         BOUWSOFT_PRODUCTS, ... seed sizes (defaults: the seed's small sizes)
 *   --reference           BOUWSOFT_REFERENCE   confirmed | lenient (confirmed: as the real API — bare ServerName
 *                                              over HTTPS, only eq/ne/gt + lower-case `and`, case-sensitive paths;
 *                                              lenient: http:// ServerName, any filter, any path case)
 *   --dialect             BOUWSOFT_DIALECT     confirmed | extended (extended: also lt/ge/le, `or`, parentheses,
 *                                              keywords in any case); default: the reference's
 *
 * The HTTPS data server serves the machine's shared test certificate; an n8n that should reach it must be
 * started with NODE_EXTRA_CA_CERTS=<the printed certificate path> (never NODE_TLS_REJECT_UNAUTHORIZED=0).
 * The last line printed at start-up is `SIMULATORS_READY <json>` for scripts.
 * The credentials printed here are simulator demo values, not secrets.
 */
import { startBouwsoftSimulator, type BouwsoftSimulator } from './bouwsoft';
import { startOutSmartSimulator } from './outsmart';

function option(name: string, envName: string): string | undefined {
	const flag = `--${name}`;
	const args = process.argv.slice(2);
	for (let i = 0; i < args.length; i++) {
		if (args[i] === flag) return args[i + 1];
		if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
	}
	const env = process.env[envName];
	return env === undefined || env === '' ? undefined : env;
}

function numberOption(name: string, envName: string, fallback?: number): number | undefined {
	const raw = option(name, envName);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got '${raw}'`);
	return value;
}

async function main(): Promise<void> {
	const latencyMs = numberOption('latency-ms', 'SIM_LATENCY_MS', 0);
	const reference = option('reference', 'BOUWSOFT_REFERENCE') ?? 'confirmed';
	if (reference !== 'confirmed' && reference !== 'lenient') throw new Error(`--reference must be confirmed or lenient`);
	const dialect = option('dialect', 'BOUWSOFT_DIALECT') ?? (reference === 'confirmed' ? 'confirmed' : 'extended');
	if (dialect !== 'extended' && dialect !== 'confirmed') throw new Error(`--dialect must be extended or confirmed`);

	const bouwsoft: BouwsoftSimulator = await startBouwsoftSimulator({
		authPort: numberOption('bouwsoft-auth-port', 'BOUWSOFT_AUTH_PORT', 18080),
		dataPort: numberOption('bouwsoft-data-port', 'BOUWSOFT_DATA_PORT', 18081),
		latencyMs,
		reference,
		dialect:
			dialect === 'confirmed'
				? { comparisons: false, or: false, lowerCaseKeywords: true }
				: { comparisons: true, or: true, lowerCaseKeywords: false },
		seed: {
			products: numberOption('products', 'BOUWSOFT_PRODUCTS'),
			addresses: numberOption('addresses', 'BOUWSOFT_ADDRESSES'),
			projects: numberOption('projects', 'BOUWSOFT_PROJECTS'),
			assignments: numberOption('assignments', 'BOUWSOFT_ASSIGNMENTS'),
			employees: numberOption('employees', 'BOUWSOFT_EMPLOYEES'),
		},
	});
	const outSmart = await startOutSmartSimulator({
		port: numberOption('outsmart-port', 'OUTSMART_PORT', 18090),
		latencyMs,
	});

	const ready = {
		bouwsoft: {
			authUrl: bouwsoft.authUrl,
			serverName: bouwsoft.serverName,
			dataUrl: bouwsoft.dataUrl,
			clientNr: bouwsoft.clientNr,
			refreshToken: bouwsoft.refreshToken,
			...(bouwsoft.tls ? { caPath: bouwsoft.tls.caPath } : {}),
		},
		outSmart: { baseUrl: outSmart.baseUrl, token: outSmart.token, softwareToken: outSmart.softwareToken },
	};
	const counts = ['Employees', 'Products', 'Addresses', 'Projects', 'Assignments']
		.map((resource) => `${resource} ${bouwsoft.store.count(resource)}`)
		.join(', ');
	const lines = [
		'Simulators running (Ctrl+C to stop)',
		'',
		'Bouwsoft (credential "Bouwsoft API")',
		`  Authentication Server URL: ${bouwsoft.authUrl}`,
		`  Client number:             ${bouwsoft.clientNr}`,
		`  Refresh token:             ${bouwsoft.refreshToken}`,
		`  Data server (ServerName):  ${bouwsoft.serverName}  (${reference} reference, filter dialect: ${dialect})`,
		...(bouwsoft.tls
			? [`  HTTPS test certificate:    ${bouwsoft.tls.caPath}`, `                             (start n8n with NODE_EXTRA_CA_CERTS=${bouwsoft.tls.caPath})`]
			: []),
		`  Seeded:                    ${counts}`,
		'',
		'OutSmart (credential "OutSmart API")',
		`  Base URL:                  ${outSmart.baseUrl}`,
		`  Token:                     ${outSmart.token}`,
		`  Software token:            ${outSmart.softwareToken}`,
		'',
		`SIMULATORS_READY ${JSON.stringify(ready)}`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping simulators\n`);
		await Promise.allSettled([bouwsoft.close(), outSmart.close()]);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
	process.stderr.write(`Could not start the simulators: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
