// Copies what tsc does not next to the compiled JavaScript: node and credential icons, and the Bouwsoft read
// node's output schemas (`__schema__/v<version>/<resource>/<operation>.json`, which the n8n editor fetches).
const { src, dest, task } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'nodes/**/__schema__/**/*.json'], { base: '.', encoding: false }).pipe(dest('dist'));
}

task('build:icons', copyAssets);
