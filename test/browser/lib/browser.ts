/**
 * Debian's Chromium (/usr/bin/chromium, installed by test/browser/install.sh) driven by playwright-core: no browser
 * download. A fresh empty user-data-dir per run, only 127.0.0.1 traffic, every console error / failed request
 * recorded, numbered screenshots under test/browser/screenshots/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env.BROWSER_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = process.env.BROWSER_SCREENSHOT_DIR ?? path.resolve(__dirname, '..', 'screenshots');

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export interface BrowserProblem {
	kind: 'console' | 'pageerror' | 'requestfailed' | 'http';
	text: string;
	url?: string;
	/** the screenshot step that was current when it happened */
	step: string;
}

export interface BrowserSession {
	context: BrowserContext;
	page: Page;
	problems: BrowserProblem[];
	/** requests to anything but 127.0.0.1/localhost, aborted */
	blocked: string[];
	/** full-page screenshot `NN-<name>.png`; also becomes the current step for problems */
	shot(name: string): Promise<string>;
	close(): Promise<void>;
}

function isLocal(url: string): boolean {
	if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
	try {
		const host = new URL(url).hostname;
		return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
	} catch {
		return false;
	}
}

export async function launchBrowser(options: { screenshotDir?: string } = {}): Promise<BrowserSession> {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing; run \`bash test/browser/install.sh\` (apt-get install chromium)`);
	}
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bouwsoft-outsmart-chromium-'));
	const screenshotDir = options.screenshotDir ?? SCREENSHOT_DIR;
	fs.mkdirSync(screenshotDir, { recursive: true });
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		chromiumSandbox: false,
		viewport: { width: 1600, height: 1000 },
		locale: 'en-US',
		timezoneId: 'Europe/Brussels',
	});
	const problems: BrowserProblem[] = [];
	const blocked: string[] = [];
	let step = 'start';
	let count = 0;

	await context.route('**/*', (route) => {
		const url = route.request().url();
		if (isLocal(url)) return route.continue();
		blocked.push(url);
		return route.abort('blockedbyclient');
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(20_000);
	page.on('console', (message) => {
		if (message.type() === 'error') {
			problems.push({ kind: 'console', text: message.text(), url: message.location()?.url, step });
		}
	});
	page.on('pageerror', (error) => problems.push({ kind: 'pageerror', text: `${error.message}\n${error.stack ?? ''}`, step }));
	page.on('requestfailed', (request) => {
		const failure = request.failure()?.errorText ?? 'failed';
		if (failure.includes('ERR_BLOCKED_BY_CLIENT')) return; // our own route guard, listed in `blocked`
		const body = request.postData()?.slice(0, 600) ?? '';
		problems.push({ kind: 'requestfailed', text: `${request.method()} ${request.url()}: ${failure} ${body}`.trim(), url: request.url(), step });
	});
	page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
	page.on('response', (response) => {
		if (response.status() >= 400) {
			const body = response.request().postData()?.slice(0, 600) ?? '';
			problems.push({
				kind: 'http',
				text: `${response.request().method()} ${response.url()}: HTTP ${response.status()} ${body}`.trim(),
				url: response.url(),
				step,
			});
		}
	});

	return {
		context,
		page,
		problems,
		blocked,
		async shot(name: string) {
			step = name;
			count += 1;
			const file = path.join(screenshotDir, `${String(count).padStart(2, '0')}-${name.replace(/[^a-zA-Z0-9._-]+/g, '_')}.png`);
			await page.screenshot({ path: file, fullPage: false, timeout: 15_000 }).catch((error: Error) => {
				process.stderr.write(`[browser] screenshot ${file} failed: ${error.message}\n`);
			});
			return file;
		},
		async close() {
			await context.close().catch(() => undefined);
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}
