// duckdb.mjs - DuckDB as a peer of tests/bench/run, timed as a whole
// process like the other peers.
//
// usage: node duckdb.mjs FILE.csv GROUP,KEYS VALUE
//        node duckdb.mjs --sql QUERY
// The first form reads a CSV export and groups it, as
// `dcr-parse -f csv FILE | dcr-agg -g G -a count,mean:V` does (task 10),
// printing "k=v ... count=N V_mean=M" per group, ordered by group. The
// second runs QUERY (the SQL beside each dcr command in RESULTS.md) and
// prints its rows, cells separated by tabs. Run from the folder where
// `npm install @duckdb/node-api` put node_modules (tests/bench/run copies
// it there).
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const cell = (v) => (v === null ? '' : String(v));

if (args[0] === '--sql' && args.length === 2) {
	const rows = (await con.runAndReadAll(args[1])).getRows();
	let out = '';
	for (const r of rows)
		out += r.map(cell).join('\t') + '\n';
	process.stdout.write(out);
	process.exit(0);
}
const [file, groups, value] = args;
if (!file || !groups || !value || args.length !== 3) {
	console.error('usage: node duckdb.mjs FILE.csv GROUP,KEYS VALUE | --sql QUERY');
	process.exit(2);
}
const ident = (s) => '"' + s.replace(/"/g, '""') + '"';
const g = groups.split(',').map(ident).join(', ');
const sql = `SELECT ${g}, count(*) AS n, avg(${ident(value)}) AS m
	FROM read_csv(${"'" + file.replace(/'/g, "''") + "'"}, header = true)
	GROUP BY ${g} ORDER BY ${g}`;
const rows = (await con.runAndReadAll(sql)).getRows();
const names = groups.split(',');
let out = '';
for (const r of rows) {
	const cells = names.map((k, i) => `${k}=${r[i] ?? ''}`);
	cells.push(`count=${r[names.length]}`);
	if (r[names.length + 1] !== null)
		cells.push(`${value}_mean=${r[names.length + 1]}`);
	out += cells.join(' ') + '\n';
}
process.stdout.write(out);
