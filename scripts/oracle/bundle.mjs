// Bundles DevTools' heap snapshot worker (TypeScript sources from the npm package) into one
// ESM file that plain Node can import. Reference section 6 describes why each rule is needed.
//   node scripts/oracle/bundle.mjs TOOLS_DIR OUTPUT.mjs
import {createRequire} from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const [toolsDir, outFile] = process.argv.slice(2);
if (!toolsDir || !outFile) {
  console.error('usage: bundle.mjs TOOLS_DIR OUTPUT.mjs');
  process.exit(2);
}
const require = createRequire(path.resolve(toolsDir, 'node_modules', 'noop.js'));
const esbuild = require('esbuild');
const frontEnd = path.join(path.dirname(require.resolve('chrome-devtools-frontend/package.json')), 'front_end');
const stubs = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stubs');

// The sources import siblings as './X.js' while only './X.ts' is shipped.
const toTs = file => (file.endsWith('.js') && fs.existsSync(file.slice(0, -3) + '.ts') ? file.slice(0, -3) + '.ts' : file);

const devtoolsPlugin = {
  name: 'devtools-front_end',
  setup(build) {
    build.onResolve({filter: /./}, args => {
      let target;
      if (args.path.startsWith('@front_end/')) {  // used by our stubs and entry
        target = path.join(frontEnd, args.path.slice('@front_end/'.length));
      } else if (args.path.startsWith('.') && args.resolveDir.startsWith(frontEnd)) {
        target = path.resolve(args.resolveDir, args.path);
      } else {
        return undefined;  // node builtins, esbuild's own resolution
      }
      if (target.endsWith(`${path.sep}i18n${path.sep}i18n.js`)) {
        return {path: path.join(stubs, 'i18n.js')};
      }
      if (target.endsWith(path.join('models', 'heap_snapshot', 'heap_snapshot.js'))) {
        return {path: path.join(stubs, 'heap_snapshot.js')};
      }
      return {path: toTs(target)};
    });
  },
};

try {
  await esbuild.build({
    entryPoints: [path.join(stubs, 'entry.js')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',  // core/platform/HostRuntime.ts uses top-level await
    target: 'node20',
    logLevel: 'error',
    plugins: [devtoolsPlugin],
  });
} catch (e) {
  // esbuild already printed the details
  process.exit(1);
}
