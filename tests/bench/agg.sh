#!/bin/sh
# agg.sh - dcr-agg against Miller, GNU datamash and mawk (report only, not a
# test): group-by count+mean, median+p90, exact distinct, on a ~1 GB logfmt
# log from dcr-gen and the same records as TSV (absent values as NA).
#
#   BINDIR=bin sh tests/bench/agg.sh [DIR]
#
# DIR (default /tmp/dcr-agg-bench) keeps the data between runs. RUNS (5)
# timed runs per command, MLR_RUNS (2) for Miller, which is slow; SIZE (1G)
# of the log. Prints, per task and command, the median wall and CPU seconds,
# their ratios to dcr-agg, and the peak RSS; times.txt in DIR keeps every
# run.
set -eu
: "${BINDIR:?BINDIR: where dcr-agg and dcr-gen are}"
BINDIR=$(cd "$BINDIR" && pwd)
dir=${1:-/tmp/dcr-agg-bench}
runs=${RUNS:-5}
mlr_runs=${MLR_RUNS:-2}
size=${SIZE:-1G}
PATH=$BINDIR:$PATH
export PATH LC_ALL=C
mkdir -p "$dir"
cd "$dir"

for t in dcr-agg dcr-gen mlr datamash mawk python3; do
	command -v "$t" >/dev/null || { echo "agg.sh: $t is not installed" >&2; exit 2; }
done

[ -s big.log ] || dcr-gen -s 5 --size "$size" -o big.log
if [ ! -s big.tsv ]; then
	mawk '
	BEGIN {
		n = split("ts event facility municipality visit_id client sex birth_year housing target_group refusal_reason place_type place_id duration_s route substance incident_type outcome response naloxone_doses service_type referral_target referral_location check_method check_result", col, " ")
		for (i = 1; i <= n; i++) { at[col[i]] = i; printf "%s%s", col[i], i < n ? "\t" : "\n" }
	}
	{
		for (i = 1; i <= n; i++) v[i] = "NA"
		for (i = 1; i <= NF; i++) { p = index($i, "="); v[at[substr($i, 1, p - 1)]] = substr($i, p + 1) }
		for (i = 1; i < n; i++) printf "%s\t", v[i]
		print v[n]
	}' big.log > big.tsv
fi
echo "input: $(wc -c < big.log) bytes logfmt, $(wc -c < big.tsv) bytes TSV, $(wc -l < big.log) records"

# task|name|runs|command. TSV columns: 3 facility, 6 client, 14 duration_s.
MLR="mlr --idkvp --ifs ' ' --ips '=' --ojson"
cat > commands.txt <<EOF
count_mean|dcr-agg|$runs|dcr-agg -g facility -a count,mean:duration_s big.log > o.dcr 2>/dev/null
count_mean|mawk (TSV)|$runs|mawk -F'\t' 'NR > 1 { c[\$3]++; if (\$14 != "NA") { s[\$3] += \$14; k[\$3]++ } } END { for (f in c) print f, c[f], s[f] / k[f] }' big.tsv > o.mawk
count_mean|datamash -s (TSV)|$runs|datamash -s --header-in --narm -g 3 count 3 mean 14 < big.tsv > o.dm
count_mean|mlr stats1|$mlr_runs|$MLR stats1 -a count,mean -f duration_s -g facility big.log > o.mlr
median_p90|dcr-agg|$runs|dcr-agg -g facility -a median:duration_s,p90:duration_s big.log > o.dcr 2>/dev/null
median_p90|datamash -s (TSV)|$runs|datamash -s --header-in --narm -g 3 median 14 perc:90 14 < big.tsv > o.dm
median_p90|mlr stats1|$mlr_runs|$MLR stats1 -a median,p90 -f duration_s -g facility big.log > o.mlr
distinct|dcr-agg|$runs|dcr-agg -g facility -a distinct:client big.log > o.dcr
distinct|datamash -s countunique (TSV)|$runs|datamash -s --header-in -g 3 countunique 6 < big.tsv > o.dm
distinct|mlr count-distinct|$mlr_runs|$MLR count-distinct -f facility,client then count -g facility big.log > o.mlr
EOF

# The machine may be shared: run the commands in turn, round after round,
# so that a busy spell slows all of them rather than one, and take medians
# of wall time and CPU time (user + system), and the peak RSS, as
# /usr/bin/time measures them.
cat big.log big.tsv > /dev/null
: > times.txt
round=1
while [ "$round" -le "$runs" ]; do
	while IFS='|' read -r task name n cmd; do
		[ "$round" -le "$n" ] || continue
		/usr/bin/time -f "$task|$name|%e|%U|%S|%M" -a -o times.txt \
			sh -c "$cmd" </dev/null
	done < commands.txt
	round=$((round + 1))
done

python3 - <<'EOF'
import statistics
runs = {}
for line in open("times.txt"):
    task, name, e, u, s, m = line.rstrip("\n").split("|")
    runs.setdefault((task, name), []).append((float(e), float(u) + float(s), int(m)))
med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v),
           max(r[2] for r in v), len(v)) for k, v in runs.items()}
print("%-11s %-30s %4s %8s %7s %8s %7s %9s" % ("task", "command", "runs", "wall s",
      "x dcr", "cpu s", "x dcr", "peak RSS"))
for (task, name), (w, c, m, n) in med.items():
    bw, bc = med[(task, "dcr-agg")][:2]
    print("%-11s %-30s %4d %8.2f %7.1f %8.2f %7.1f %6d MB" % (task, name, n, w, w / bw,
          c, c / bc, m // 1024))
EOF
