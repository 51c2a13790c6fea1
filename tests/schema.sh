#!/bin/sh
# schema.sh: the JSON Schemas of doc/schema/ against what celltriage reads
# and writes.
#
#  - The schemas are valid Draft 2020-12 schemas.
#  - Every complaint record the project ships (captures/complaints/*.json,
#    each line of *.jsonl, captures/omc/complaint-*.json, the complaint of
#    each tests/scenarios/*.scn) validates, and the reader accepts it.
#  - Every record of tests/bad-input/*.json and *.jsonl (each array element
#    and each line on its own) gets the same judgement from the schema as
#    from the reader: a record `celltriage diagnose` refuses must fail
#    validation, a record it accepts must pass. Both refuse unknown
#    members, so extra-fields.json fails both.
#  - Every `diagnose --format json` output on those samples (alone, with the
#    evidence files of tests/golden/TESTLIST, with each scenario's profile)
#    validates against the verdict schema.
#  - Every history event of a store worked through filing, a move, a
#    comment and escalations, exported, validates against the event schema
#    (its detail an object), and edited ones (a text detail, a comment
#    without text, an escalation with a rev) do not.
#
# The validator is Python's jsonschema (Debian: python3-jsonschema, 4.x has
# Draft 2020-12); without it the suite prints a notice and passes, as the
# others do for what they cannot run. CELLTRIAGE=path picks the binary.
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
export TZ=UTC LC_ALL=C
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
pass=0 fail=0

py=""
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	   "$p" -c 'from jsonschema import Draft202012Validator' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "notice: no python3 with jsonschema 4 (Debian package python3-jsonschema): schema checks skipped"
	echo "schema: 0 passed, 0 failed"
	exit 0
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# The helper: `split DIR FILE...` writes each complaint record of the files
# to DIR/N.json and prints "DIR/N.json<TAB>where" per record; `check SCHEMA
# FILE...` prints "FILE<TAB>valid" or "FILE<TAB>invalid<TAB>why" per file.
# JSON is read as the reader reads it: duplicate member names and NaN or
# Infinity are not JSON.
helper='
import json, sys
from jsonschema import Draft202012Validator

def no_dups(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate member name")
    return dict(pairs)

def no_const(c):
    raise ValueError("%s is not JSON" % c)

def load(text):
    return json.loads(text, object_pairs_hook=no_dups, parse_constant=no_const)

def split(out, files):
    n = 0
    def emit(text, where):
        nonlocal n
        n += 1
        path = "%s/%d.json" % (out, n)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print("%s\t%s" % (path, where))
    for name in files:
        with open(name, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        if name.endswith(".scn"):
            lines = text.split("\n")
            start = next(i for i, l in enumerate(lines) if l.startswith("{"))
            end = next(i for i in range(start, len(lines)) if lines[i] == "}")
            emit("\n".join(lines[start:end + 1]) + "\n", name)
        elif name.endswith(".jsonl"):
            for i, line in enumerate(text.split("\n"), 1):
                if line.strip():
                    emit(line + "\n", "%s:%d" % (name, i))
        else:
            try:
                doc = load(text)
            except ValueError:
                doc = None
            if isinstance(doc, list):
                for i, e in enumerate(doc):
                    emit(json.dumps(e, ensure_ascii=False) + "\n", "%s: [%d]" % (name, i))
            else:
                emit(text, name)

def check(schema_file, files):
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    v = Draft202012Validator(schema)
    for name in files:
        try:
            with open(name, encoding="utf-8") as f:
                doc = load(f.read())
        except ValueError as e:
            print("%s\tinvalid\tnot JSON: %s" % (name, e))
            continue
        errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
        if errs:
            e = errs[0]
            where = "/".join(str(p) for p in e.path) or "(top)"
            print("%s\tinvalid\t%s: %s" % (name, where, e.message[:200]))
        else:
            print("%s\tvalid" % name)

if sys.argv[1] == "split":
    split(sys.argv[2], sys.argv[3:])
else:
    check(sys.argv[2], sys.argv[3:])
'
helper() { "$py" -c "$helper" "$@"; }

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# ---- the schemas themselves -----------------------------------------------
for s in doc/schema/complaint.schema.json doc/schema/verdict.schema.json doc/schema/event.schema.json; do
	if "$py" -c 'import json, sys
from jsonschema import Draft202012Validator
Draft202012Validator.check_schema(json.load(open(sys.argv[1])))' "$s" 2>"$tmp/err"; then
		ok
	else
		bad "$s is not a valid Draft 2020-12 schema: $(tail -1 "$tmp/err")"
	fi
done

# ---- complaints -----------------------------------------------------------
# judge LIST: for each "record<TAB>where", the reader's judgement (accepted
# or refused) and the schema's (valid or invalid), one line each:
# "where<TAB>reader<TAB>schema<TAB>why".
judge() {
	cut -f1 "$1" | xargs "$py" -c "$helper" check doc/schema/complaint.schema.json >"$tmp/verdicts"
	while IFS='	' read -r rec where; do
		if "$bin" diagnose --format json "$rec" >/dev/null 2>&1; then r=accepted; else r=refused; fi
		line=$(grep -F "$rec	" "$tmp/verdicts")
		s=$(printf '%s\n' "$line" | cut -f2)
		why=$(printf '%s\n' "$line" | cut -f3)
		printf '%s\t%s\t%s\t%s\n' "$where" "$r" "$s" "$why"
	done <"$1"
}

mkdir "$tmp/good" "$tmp/bad"
helper split "$tmp/good" captures/complaints/*.json captures/complaints/*.jsonl \
	captures/omc/complaint-*.json tests/scenarios/*.scn >"$tmp/good.list"
judge "$tmp/good.list" >"$tmp/good.judged"
while IFS='	' read -r where r s why; do
	if [ "$r" = accepted ] && [ "$s" = valid ]; then
		ok
	else
		bad "sample $where: reader $r, schema $s${why:+ ($why)}"
	fi
done <"$tmp/good.judged"
[ "$(wc -l <"$tmp/good.judged")" -ge 90 ] && ok ||
	bad "only $(wc -l <"$tmp/good.judged") sample complaints found (want every sample and scenario)"

helper split "$tmp/bad" tests/bad-input/*.json tests/bad-input/*.jsonl >"$tmp/bad.list"
judge "$tmp/bad.list" >"$tmp/bad.judged"
refused=0
while IFS='	' read -r where r s why; do
	[ "$r" = refused ] && refused=$((refused + 1))
	if { [ "$r" = accepted ] && [ "$s" = valid ]; } || { [ "$r" = refused ] && [ "$s" = invalid ]; }; then
		ok
	else
		bad "bad-input $where: reader $r, schema $s${why:+ ($why)}"
	fi
done <"$tmp/bad.judged"
# The bad inputs are there to be refused: most must be.
[ "$refused" -ge 8 ] && ok || bad "only $refused records of tests/bad-input are refused by the reader"

# The example of doc/complaint.md (its first json block) is a complaint the
# reader accepts.
awk '/^```json/ { n++; on = (n == 1); next } /^```/ { on = 0 } on' doc/complaint.md >"$tmp/doc-complaint.json"
printf '%s\tdoc/complaint.md\n' "$tmp/doc-complaint.json" >"$tmp/doc.list"
judge "$tmp/doc.list" >"$tmp/doc.judged"
IFS='	' read -r where r s why <"$tmp/doc.judged"
[ "$r" = accepted ] && [ "$s" = valid ] && ok || bad "the example of $where: reader $r, schema $s ($why)"

# ---- verdicts -------------------------------------------------------------
: >"$tmp/verdicts.jsonl"
for f in captures/complaints/*.json captures/complaints/*.jsonl captures/omc/complaint-*.json; do
	"$bin" diagnose --format json "$f" >>"$tmp/verdicts.jsonl" 2>"$tmp/err" ||
		bad "diagnose --format json $f: $(head -1 "$tmp/err")"
done
# The evidence runs of the golden list.
grep '^[^#]' tests/golden/TESTLIST | while read -r name args; do
	case " $args " in
	" diagnose "*" --format json "*)
		# shellcheck disable=SC2086
		"$bin" $args >>"$tmp/verdicts.jsonl" 2>/dev/null ||
			echo "diagnose failed: $args" >>"$tmp/golden.err"
		;;
	esac
done
[ -s "$tmp/golden.err" ] && bad "$(cat "$tmp/golden.err")"
# Each scenario's complaint, under the scenario's profile.
while IFS='	' read -r rec where; do
	prof=$(sed -n 's/^profile: *//p' "$where")
	"$bin" diagnose --format json ${prof:+--profile "$prof"} "$rec" >>"$tmp/verdicts.jsonl" 2>"$tmp/err" ||
		bad "diagnose --format json $where: $(head -1 "$tmp/err")"
done <<EOF
$(grep '\.scn$' "$tmp/good.list")
EOF
# The example of doc/verdict.md.
awk '/^```json/ { n++; on = (n == 1); next } /^```/ { on = 0 } on' doc/verdict.md |
	tr -d '\n' >"$tmp/doc-verdict.json"
echo >>"$tmp/doc-verdict.json"
cat "$tmp/doc-verdict.json" >>"$tmp/verdicts.jsonl"
mkdir "$tmp/v"
split -l 1 -a 4 "$tmp/verdicts.jsonl" "$tmp/v/"
ls "$tmp"/v/* | xargs "$py" -c "$helper" check doc/schema/verdict.schema.json >"$tmp/v.checked"
nv=$(wc -l <"$tmp/v.checked")
while IFS='	' read -r f s why; do
	if [ "$s" = valid ]; then
		ok
	else
		bad "verdict does not validate: $why: $(head -c 300 "$f")"
	fi
done <"$tmp/v.checked"
[ "$nv" -ge 90 ] && ok || bad "only $nv verdicts checked"

# The schema has teeth: the verdict of weak-coverage-vip.json changed in one
# member each way no longer validates.
mkdir "$tmp/neg"
"$bin" diagnose --format json captures/complaints/weak-coverage-vip.json >"$tmp/vip.json"
"$py" - "$tmp/vip.json" "$tmp/neg" <<'EOF'
import json, sys
base = json.load(open(sys.argv[1]))
assert base["cause"] == "radio/coverage", base["cause"]
def edit(name, f):
    v = json.loads(json.dumps(base))
    f(v)
    with open("%s/%s" % (sys.argv[2], name), "w") as out:
        json.dump(v, out)
edit("domain-outside-cause", lambda v: v.update(domain="core"))
edit("class-outside-domain", lambda v: v.update({"class": "terminal"}))
edit("grade-4", lambda v: v.update(grade=4))
edit("unknown-member", lambda v: v.update(score=3))
edit("undetermined-decided", lambda v: v.update({"cause": "undetermined/needs_test", "class": "undetermined",
                                                 "domain": "undetermined", "confidence": "low"}))
edit("decided-without-node", lambda v: v.update(decided_by=None))
edit("step-without-why", lambda v: v["path"][0].pop("why"))
edit("unknown-need", lambda v: v["needs"].append({"test": "horoscope", "why": "x", "how": "x",
                                                  "where": "on_site", "node": "Q1.1"}))
edit("value-without-threshold", lambda v: [s.pop("threshold") for s in v["path"] if "threshold" in s])
EOF
[ "$(ls "$tmp/neg" | wc -l)" -eq 9 ] && ok || bad "the edited verdicts were not all written"
ls "$tmp"/neg/* | xargs "$py" -c "$helper" check doc/schema/verdict.schema.json >"$tmp/neg.checked"
while IFS='	' read -r f s why; do
	[ "$s" = invalid ] && ok || bad "verdict edited (${f##*/}) still validates"
done <"$tmp/neg.checked"

# ---- history events ------------------------------------------------------
export CELLTRIAGE_STORE="$tmp/ev.db"
"$bin" ticket file --now 2026-11-22T08:00:00Z captures/complaints/*.json >/dev/null 2>&1 &&
	"$bin" ticket dispatch 1 --department core --person li --now 2026-11-22T08:10:00Z >/dev/null 2>&1 &&
	"$bin" ticket comment 1 --text "客户已回电" --now 2026-11-22T08:20:00Z >/dev/null 2>&1 &&
	"$bin" ticket escalate --now 2026-11-22T08:30:00Z >/dev/null 2>&1 &&
	"$bin" ticket export >"$tmp/ev.json" 2>"$tmp/err" || bad "a store to export: $(cat "$tmp/err")"
mkdir -p "$tmp/ev"
"$py" - "$tmp/ev.json" "$tmp/ev" <<'PY'
import json, sys
n = 0
for t in json.load(open(sys.argv[1])):
    for e in t["history"]:
        n += 1
        json.dump(e, open("%s/%03d.json" % (sys.argv[2], n), "w"), ensure_ascii=False)
        if n == 1:
            bad = dict(e, detail="rev 1"); json.dump(bad, open(sys.argv[2] + "/neg-text.json", "w"))
        if e["action"] == "comment":
            json.dump(dict(e, detail={}), open(sys.argv[2] + "/neg-comment.json", "w"))
        if e["action"] == "escalation":
            json.dump(dict(e, rev=3), open(sys.argv[2] + "/neg-escalation.json", "w"))
PY
grep -l '"action": "comment"' "$tmp"/ev/[0-9]*.json >/dev/null && grep -l '"action": "escalation"' "$tmp"/ev/[0-9]*.json >/dev/null &&
	ok || bad "the exported history has no comment or escalation"
ls "$tmp"/ev/*.json | xargs "$py" -c "$helper" check doc/schema/event.schema.json >"$tmp/ev.checked"
while IFS='	' read -r f st why; do
	case ${f##*/} in
	neg-*) [ "$st" = invalid ] && ok || bad "history event edited (${f##*/}) still validates" ;;
	*) [ "$st" = valid ] && ok || bad "history event ${f##*/}: $why" ;;
	esac
done <"$tmp/ev.checked"
[ "$(grep -c neg- "$tmp/ev.checked")" = 3 ] && ok || bad "the edited events were not all written"

echo "schema: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
