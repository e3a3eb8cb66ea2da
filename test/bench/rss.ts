/** Peak resident set size of this process, sampled on an interval and on demand. */
export class RssSampler {
	peak = 0;

	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly intervalMs = 25) {}

	start(): this {
		this.peak = process.memoryUsage().rss;
		this.timer = setInterval(() => this.sample(), this.intervalMs);
		this.timer.unref();
		return this;
	}

	sample(): number {
		const rss = process.memoryUsage().rss;
		if (rss > this.peak) this.peak = rss;
		return rss;
	}

	stop(): number {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.sample();
		return this.peak;
	}
}

export const MB = 1024 * 1024;
