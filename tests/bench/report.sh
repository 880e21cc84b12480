# report.sh - write RESULTS.md from the rows tests/bench/run measured.
# Sourced by tests/bench/run: uses its variables (ROWS, CMP, RES, DATA, ...).

version_of() {
	have "$1" || { echo "$1: not installed"; return; }
	case $1 in
	mawk) mawk -W version 2>&1 | head -n 1 ;;
	*) "$1" --version 2>&1 | head -n 1 ;;
	esac
}

bytes_of() { wc -c <"$DATA/$1" 2>/dev/null || echo 0; }
# The time the records cover: the first and the last day.
span() {
	first=$(head -n 1 "$DATA/big.log" | sed -n 's/^ts=\([0-9-]*\)T.*/\1/p')
	last=$(tail -n 1 "$DATA/big.log" | sed -n 's/^ts=\([0-9-]*\)T.*/\1/p')
	echo "$first to $last"
}

mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }

write_header() {
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
	mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
	commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
	[ -n "$(git -C "$root" status --porcelain -- . ':!tests/bench/RESULTS.md' 2>/dev/null | head -n 1)" ] &&
		commit="$commit plus uncommitted changes"
	cat <<EOF
# dcr benchmark results

Written by \`make bench\` (\`sh tests/bench/run\`) on $(date -u '+%Y-%m-%d %H:%M UTC'),
in $(($(date +%s) - T0)) s; dcr at commit $commit.

## Machine

- CPU: ${cpu:-unknown}, $(nproc) cores (\`nproc\`); memory $mem; Linux $(uname -r).
- The machine is shared with other work: quote ratios, not absolute times. Load average
  (1, 5, 15 min) at the start: ${LOAD0:-unknown}; at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null).
  A load above 2 means other processes competed for the cores: then CPU s (user + system)
  is steadier than the wall-clock median, but only the median counts for the targets.
- Peers: $(version_of mlr); $(version_of datamash); $(version_of mawk); $(version_of grep);
  $(version_of pigz); timing by $(if [ -n "$HYPERFINE" ]; then version_of hyperfine; else echo "/usr/bin/time loops"; fi).

## Data (cached in tests/bench/out/data/)

- \`big.log\`: $N_FULL records, $(mb "$(bytes_of big.log)"), logfmt written by
  \`dcr-gen -s $SEED --facilities $FACILITIES --size $SIZE\` ($FACILITIES facilities, $(span) of logs).
- \`big.csv\`, \`big.tsv\`: the same records, $(mb "$(bytes_of big.csv)") and $(mb "$(bytes_of big.tsv)"), with
  all $(echo "$KEYS" | tr ',' '\n' | wc -l | tr -d ' ') keys of big.log as columns, in the order they first appear
  (KEYS = \`$KEYS\`):
  \`dcr-fmt -t csv --no-guard -k KEYS\` (CRLF) and \`dcr-fmt -t tsv -k KEYS\` with empty cells written
  \`NA\` (\`datamash --narm\` skips NA but rejects an empty cell). \`dcr-parse -f csv small.csv\` with
  its \`k=""\` pairs removed gives small.log byte for byte: $(cat "$DATA/csv-check" 2>/dev/null || echo unknown).
- \`big.log.gz\`: \`$GZIP_CMD -6\`, one ordinary gzip member, $(mb "$(bytes_of big.log.gz)");
  \`big.dcr.gz\`: \`dcr-fmt -t logfmt -o big.dcr.gz\`, indexed members, $(mb "$(bytes_of big.dcr.gz)");
  \`gzip -dc big.dcr.gz\` gives back big.log byte for byte: $(cat "$DATA/zcat-check" 2>/dev/null || echo unknown).
- \`small.*\`: the first $N_SMALL records (the first $PREFIX of big.log), for Miller and datamash,
  which are too slow (Miller also too large: ~1 GB RSS per 100 MB) for the whole file; their
  times are scaled linearly by records (x$SCALE), marked "prefix". datamash -s sorts, which is
  O(n log n): linear scaling flatters it, so its ratios are lower bounds for dcr.

## How to read the tables

- median of $RUNS runs ($SLOW for the prefix peers) of the exact command shown, run by \`sh\` in
  tests/bench/out/data/ with stdout to a file in tests/bench/out/res/ (never /dev/null; outputs
  over 50 MB are cut to their first MiB, ID.out.head, after the run); the page cache holds all
  inputs. The script of each row is out/res/ID.sh, hyperfine's record out/res/ID.json.
- MB/s: bytes of the command's own input / 10^6 / median seconds.
- ratio: the whole-file time of the row ÷ the whole-file time of the dcr row it is compared with
  (same records), so 3.0x means dcr does the job 3 times as fast; met when ratio >= target.
  CPU ratio: the same with CPU s; it shows what the ratio would be without competition for the
  cores, except for tools that use both cores (pigz, Miller, pipelines), which it undersells.
- CPU s: user + system time, the mean over the runs (a pipeline: all its processes).
- peak RSS: the largest maximum resident set (\`/usr/bin/time -f %M\`) over the runs; for a
  pipeline, the largest of its stages.
EOF
}

write_tables() {
	awk -F'\t' -v bound="$RSS_BOUND_KB" -v gbound="$GROUPS_BOUND_KB" -v slowest="$(cat "$RES/slowest" 2>/dev/null)" '
	function esc(s) { gsub(/\|/, "\\|", s); return s }
	function secs(x) { return x < 10 ? sprintf("%.3f", x) : sprintf("%.1f", x) }
	function whole(id) { return ok[id] ? med[id] * scale[id] : "" }
	function ratio(slow, fast) {
		if (whole(slow) == "" || whole(fast) == "" || whole(fast) + 0 <= 0) return ""
		return whole(slow) / whole(fast)
	}
	function verdict(r, t) {
		if (t == "") return r == "" ? "n/a" : "(info)"
		if (r == "") return "n/a"
		return r + 0 >= t + 0 ? "met" : "**not met**"
	}
	function wcpu(id) { return (ok[id] && cpu[id] != "") ? cpu[id] * scale[id] : "" }
	function cratio(slow, fast) {
		if (wcpu(slow) == "" || wcpu(fast) == "" || wcpu(fast) + 0 <= 0) return ""
		return wcpu(slow) / wcpu(fast)
	}
	function rx(r) { return r == "" ? "n/a" : sprintf("%.2fx", r) }
	function mib(kb) { return kb == "" ? "n/a" : sprintf("%.1f", kb / 1024) }
	function label(c) {
		if (c["label"] != "") return c["label"]
		return name[c["fast"]] " (" c["fast"] ") vs " name[c["slow"]] " (" c["slow"] ")"
	}
	FILENAME ~ /tasks.tsv$/ { ntask++; tnum[ntask] = $1; title[$1] = $2; next }
	FILENAME ~ /rows.tsv$/ {
		id = $2; nrow[$1]++; row[$1, nrow[$1]] = id
		cmd[id] = $3; input[id] = $4; runs[id] = $5; med[id] = $6; scale[id] = $7
		bytes[id] = $8; rss[id] = $9; status[id] = $10; ref[id] = $11; target[id] = $12
		note[id] = $13; name[id] = $14; cpu[id] = $15; ok[id] = ($10 == "ok")
		next
	}
	{ ncmp++; ctask[ncmp] = $1; clabel[ncmp] = $2; cslow[ncmp] = $3; cfast[ncmp] = $4
	  ctarget[ncmp] = $5; cnote[ncmp] = $6 }
	END {
		print "## Summary: the targets\n"
		print "| task | comparison | ratio | CPU ratio | target | met |"
		print "|---|---|---|---|---|---|"
		for (i = 1; i <= ncmp; i++) {
			if (ctarget[i] == "") continue
			c["label"] = clabel[i]; c["slow"] = cslow[i]; c["fast"] = cfast[i]
			r = ratio(cslow[i], cfast[i])
			printf "| %s | %s | %s | %s | >= %sx%s | %s |\n", ctask[i], esc(label(c)), rx(r), rx(cratio(cslow[i], cfast[i])),
				ctarget[i], cnote[i] != "" ? " (" cnote[i] ")" : "", verdict(r, ctarget[i])
		}
		for (k = 1; k <= nrow[9]; k++) {
			id = row[9, k]
			if (ref[id] == "") continue
			m = rss[id] > rss[ref[id]] ? rss[id] : rss[ref[id]]
			printf "| 9 | peak RSS of %s, prefix and whole file | %s | | <= %d MiB | %s |\n",
				name[id], (ok[id] && ok[ref[id]]) ? mib(m) " MiB" : "n/a", bound / 1024,
				(ok[id] && ok[ref[id]]) ? (m + 0 <= bound ? "met" : "**not met**") : "n/a"
		}
		for (k = 1; k <= nrow[12]; k++) {
			id = row[12, k]
			printf "| 12 | peak RSS of %s | %s | | <= %d MiB | %s |\n", name[id],
				ok[id] ? mib(rss[id]) " MiB" : "n/a", gbound / 1024,
				ok[id] ? (rss[id] + 0 <= gbound ? "met" : "**not met**") : "n/a"
		}
		for (t = 1; t <= ntask; t++) {
			n = tnum[t]
			printf "\n## Task %s: %s\n\n", n, title[n]
			if (n == 9) { rss_table(); continue }
			print "| row | command | input | runs | median s | CPU s | whole file s | MB/s | peak RSS MiB | ratio | CPU ratio | target | met |"
			print "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
			for (k = 1; k <= nrow[n]; k++) {
				id = row[n, k]
				inp = input[id]; sub(/^\.\.\/res\//, "", inp)
				if (scale[id] > 1) inp = inp " (prefix)"
				if (!ok[id]) {
					printf "| %s | `%s` | %s | | %s | | | | | | | %s | n/a |\n", id, esc(cmd[id]), inp,
						status[id], target[id] != "" ? ">= " target[id] "x" : ""
					continue
				}
				r = ref[id] != "" ? ratio(id, ref[id]) : ""
				printf "| %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
					id, esc(cmd[id]), inp, runs[id], secs(med[id]), cpu[id] == "" ? "" : secs(cpu[id]), secs(whole(id)),
					(med[id] > 0 ? sprintf("%.0f", bytes[id] / 1e6 / med[id]) : "n/a"), mib(rss[id]),
					ref[id] != "" ? rx(r) " vs " ref[id] : "",
					ref[id] != "" ? rx(cratio(id, ref[id])) : "",
					target[id] != "" ? ">= " target[id] "x" : "", 
					ref[id] != "" ? verdict(r, target[id]) (note[id] != "" ? " (" note[id] ")" : "") : ""
			}
			extra = 0
			for (i = 1; i <= ncmp; i++) {
				if (ctask[i] != n || clabel[i] == "") continue
				if (!extra++) { print "\n| comparison | ratio | CPU ratio | target | met |"; print "|---|---|---|---|---|" }
				r = ratio(cslow[i], cfast[i])
				printf "| %s | %s | %s | %s | %s%s |\n", esc(clabel[i]), rx(r), rx(cratio(cslow[i], cfast[i])),
					ctarget[i] != "" ? ">= " ctarget[i] "x" : "",
					verdict(r, ctarget[i]), cnote[i] != "" ? " (" cnote[i] ")" : ""
			}
		}
	}
	function rss_table(   k, id, f) {
		print "| command | peak RSS MiB, prefix | peak RSS MiB, whole file | bound | met |"
		print "|---|---|---|---|---|"
		for (k = 1; k <= nrow[9]; k++) {
			id = row[9, k]
			if (ref[id] == "") continue
			f = ref[id]
			printf "| `%s` | %s | %s (%s) | <= %d MiB | %s |\n", esc(cmd[id]),
				ok[id] ? mib(rss[id]) : status[id], ok[f] ? mib(rss[f]) : "n/a", f, bound / 1024,
				(ok[id] && ok[f]) ? ((rss[id] + 0 <= bound && rss[f] + 0 <= bound) ? "met" : "**not met**") : "n/a"
		}
		print "\nFor information (not streaming, or several processes):\n"
		print "| row | command | peak RSS MiB |"
		print "|---|---|---|"
		split("4a 5a 6a 8a 8f", info, " ")
		for (k = 1; k in info; k++) {
			id = info[k]
			if (id in cmd)
				printf "| %s | `%s` | %s |\n", id, esc(cmd[id]), ok[id] ? mib(rss[id]) : status[id]
		}
	}
	' "$RES/tasks.tsv" "$ROWS" "$CMP"
}

write_checks() {
	[ -s "$RES/checks.md" ] || return 0
	printf '\n## Checks\n\n'
	cat "$RES/checks.md"
}

{
	write_header
	echo
	write_tables
	write_checks
} >"$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
