// Scan log files with the panicsig component in Node, through jco.
//
//   make component-js        # dist/component/js/ (jco transpile)
//   node examples/component/node/scan.mjs examples/logs/k8s-cri.log
//   PANICSIG_LANG=zh node examples/component/node/scan.mjs examples/logs/k8s-cri.log
import { readFileSync } from 'node:fs';
import { annotator } from '../../../dist/component/js/panicsig.js';

// A closed pipe (`| head`) ends the output quietly.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scan.mjs LOG...');
  process.exit(2);
}
annotator.configure({
  lang: process.env.PANICSIG_LANG === 'zh' ? 'zh' : 'en',
  shape: 'nested',
  compact: false,
});
for (const file of files) {
  for (const { startLine, endLine, annotation: a } of annotator.scan(readFileSync(file, 'utf8'))) {
    console.log(`${file}:${startLine}-${endLine} ${a.code} [${a.severity}] ${a.title}`);
    if (a.culprit) console.log(`    culprit: ${a.culprit.function} (${a.culprit.file}:${a.culprit.line})`);
    console.log(`    ${a.summary}`);
  }
}

// Records as a log shipper sees them: errors are the WIT `error` variant.
try {
  annotator.annotateRecord('not json', { lang: 'en', shape: 'nested', compact: false });
} catch (e) {
  console.log(`annotateRecord('not json') -> ${e.payload.tag}: ${e.payload.val}`);
}
