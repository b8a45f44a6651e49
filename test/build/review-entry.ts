/** Entry for the bundle test: reviews argv[2] statically and prints what the parser made of each statement. */
import { reviewScript } from '../../src/review/review';

void reviewScript(process.argv[2] ?? '').then((r) => {
  process.stdout.write(JSON.stringify(r.statements.map((s) => ({ parsed: s.parsed, rules: s.findings.map((f) => f.rule) }))));
});
