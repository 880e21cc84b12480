// duckdb.mjs - DuckDB as a peer of task 10 of tests/bench/run: read a CSV
// export and group it, as `dcr-parse -f csv FILE | dcr-agg -g G -a count,mean:V`
// does, timed as a whole process like the other peers.
//
// usage: node duckdb.mjs FILE.csv GROUP,KEYS VALUE
// Prints one line per group, "k=v ... count=N V_mean=M", ordered by group.
// Run from the folder where `npm install @duckdb/node-api` put node_modules
// (tests/bench/run copies it there).
import { DuckDBInstance } from '@duckdb/node-api';

const [file, groups, value] = process.argv.slice(2);
if (!file || !groups || !value) {
	console.error('usage: node duckdb.mjs FILE.csv GROUP,KEYS VALUE');
	process.exit(2);
}
const ident = (s) => '"' + s.replace(/"/g, '""') + '"';
const g = groups.split(',').map(ident).join(', ');
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
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
