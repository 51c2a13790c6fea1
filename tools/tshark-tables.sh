# tshark-tables.sh: what celltriage's capture decoding is compared with in
# tshark, shared by tools/tshark-golden.sh (which runs tshark and writes the
# golden files tests/golden/tshark/*.tsv) and tests/capture.sh (which reads
# them, with or without tshark). Sourced, not run; POSIX sh.
#
# Any change here changes TABLES_SUM, which every golden file records: the
# test then fails until tools/tshark-golden.sh is run again, so the golden
# files never silently follow an older table.

# tshark field -> our cause_family[/cause_group]. The lte-rrc causes are
# celltriage's numbering (src/decode/lte_rrc.c): ReleaseCause is its
# enumeration index, ReestablishmentCause is 16 + its index; so are the
# umts-rrc ones (src/decode/umts_rrc.c): ReleaseCause, RejectionCause + 16.
FIELDS='
gtpv2.cause                        gtpv2
diameter.Result-Code               diameter
diameter.Experimental-Result-Code  diameter/experimental
sip.Status-Code                    sip
sip.reason_cause_q850              sip/q850
s1ap.radioNetwork                  s1ap/radioNetwork
s1ap.transport                     s1ap/transport
s1ap.nas                           s1ap/nas
s1ap.protocol                      s1ap/protocol
s1ap.misc                          s1ap/misc
nas_eps.emm.cause                  emm
nas_eps.esm.cause                  esm
ngap.radioNetwork                  ngap/radioNetwork
ngap.transport                     ngap/transport
ngap.nas                           ngap/nas
ngap.protocol                      ngap/protocol
ngap.misc                          ngap/misc
nas_5gs.mm.5gmm_cause              5gmm
nas_5gs.sm.5gsm_cause              5gsm
gsm_a.dtap.cause                   cc
gsm_a.dtap.rej_cause               mm
gsm_a.rr.RRcause                   rr
lte-rrc.releaseCause               lte-rrc
lte-rrc.reestablishmentCause       lte-rrc+16
rrc.releaseCause                   umts-rrc
rrc.rejectionCause                 umts-rrc+16
gsm_a.bssmap.cause                 bssmap
ranap.radioNetwork                 ranap/radioNetwork
ranap.transmissionNetwork          ranap/transport
ranap.nAS                          ranap/nas
ranap.protocol                     ranap/protocol
ranap.misc                         ranap/misc
ranap.non_Standard                 ranap/nonStandard
ranap.radioNetworkExtension        ranap/radioNetworkExtension
isup.cause_indicator               isup
tcap.p_abortCause                  tcap/p-abort
tcap.abort_source                  tcap/u-abort
ansi_tcap.abortCause               tcap/ansi-p-abort
gsm_old.localValue                 map
camel.error_code_local             camel
ansi_tcap.ec_private               ansi-map
gsm_abis_rsl.cause_value           rsl
gsm_abis_rsl.cause                 rlm
hnbap.radioNetwork                 hnbap/radioNetwork
hnbap.transport                    hnbap/transport
hnbap.protocol                     hnbap/protocol
hnbap.misc                         hnbap/misc
rua.radioNetwork                   rua/radioNetwork
rua.transport                      rua/transport
rua.protocol                       rua/protocol
rua.misc                           rua/misc
nbap.radioNetwork                  nbap/radioNetwork
nbap.transport                     nbap/transport
nbap.protocol                      nbap/protocol
nbap.misc                          nbap/misc
gtp.cause                          gtpv1
pfcp.cause                         pfcp
q931.cause_value                   q931
gsm_a.gm.gmm.cause                 gmm
gsm_a.gm.sm.cause                  sm
http.response.code                 sbi
http2.headers.status               sbi
'

# tshark is told to follow celltriage's policy where the two differ by a
# preference rather than by what can be decoded:
#  - nas-eps.null_decipher and nas-5gs.null_decipher: TRUE (tshark 4.0's
#    default for NAS-EPS, not for 5GS). A message sent "integrity protected
#    and ciphered" whose body parses as plain NAS is under the null cipher
#    (EEA0 / NEA0): both decode it (celltriage when the body decodes whole,
#    src/decode/nas_common.h); what stays ciphered is counted.
#  - tcp.reassemble_out_of_order:TRUE. tshark 4.0 by default gives up on a
#    message whose TCP segments arrive out of order; celltriage holds early
#    segments (bounded) until the gap fills, as the option makes tshark do.
#  - lapd.use_gsm_sapi_values:TRUE. A LAPD frame on E1 is read with the
#    SAPIs of GSM Abis (TS 48.056: 0 RSL, 62 OML), as celltriage reads
#    LINKTYPE_LINUX_LAPD; tshark's default is ISDN's (0 Q.931).
#  - gsm_abis_rsl.use_ipaccess_rsl:TRUE. RSL's ip.access messages
#    (discriminator 0x7e: CRCX/MDCX/DLCX and their NACKs, which carry a
#    Cause) are dissected, as celltriage reads them; tshark's default shows
#    them as data.
TSHARK_OPTS="-n -o nas-eps.null_decipher:TRUE -o nas-5gs.null_decipher:TRUE -o tcp.reassemble_out_of_order:TRUE -o lapd.use_gsm_sapi_values:TRUE -o gsm_abis_rsl.use_ipaccess_rsl:TRUE"

# Documented differences, one per line: FILE ; KEYS ; SIDE ; FILTER ; REASON.
# FILE is a capture's name or * (any). KEYS: comma-separated keys as above,
# or * (any key). SIDE: "tshark" (only tshark reports the pair) or "ours".
# FILTER: a tshark display filter that selects the frames the reason applies
# to; tools/tshark-golden.sh resolves it into frames in the golden file. A
# differing pair is "known" when an exception of its file, key and side
# selects its frame; otherwise it fails. An exception naming a file that
# explains no pair there is stale and fails, so the table stays true.
EXCEPTIONS='
* ; map ; tshark ; gsm_old.opCode ; MAP operation codes: tshark shows the local operation code of an invoke in the same field (gsm_old.localValue) as the local error code of a returnError
* ; sbi/problem ; ours ; http2.headers.status >= 400 || http.response.code >= 400 ; the cause of an SBI error response (ProblemDetails, TS 29.500 §5.2.7.2): tshark shows the string only as a JSON member, celltriage numbers it (group problem) and lists it with the status
* ; lte-rrc ; ours ; lte-rrc.rrcConnectionReject_element || lte-rrc.rrcConnectionReestablishmentReject_element ; RRCConnectionReject and RRCConnectionReestablishmentReject carry no cause field for tshark to print: celltriage records the reject itself as lte-rrc 32 / 33
'

# The MTP3 variant of captures whose SS7 links are not ITU's, one per line:
# FILE ; VARIANT (ansi, china or japan). An operator knows it (celltriage
# is told with the profile's capture.mtp3); tshark is told with its
# mtp3.standard preference. Every other capture is read as ITU.
MTP3_VARIANTS='
ss7-map-wiki-sri-invalid-msisdn-tcap-abort-ansi-mtp3.pcap ; ansi
ss7-camel-wiki-mtp2-idp-connect-ansi-mtp3.pcap ; ansi
'

# The TCP ports on which a capture carries HTTP/2 without TLS, one per line:
# FILE ; PORT [PORT...]. tshark 4.0 finds HTTP/2 only over TLS or after an
# HTTP/1.1 upgrade, so it is told (-d tcp.port==N,http2); celltriage finds
# it by content on any port, and is told the same ports too (the profile's
# capture.sbi_ports, profile_args below), as an operator tells it the SBI
# ports: on them a flow is read from its first message even when the
# capture began mid-connection (sbi-http2-midflow-7777.pcap needs it).
HTTP2_PORTS='
ngap-open5gs-5g-roaming-home-routed.pcapng ; 7777 80
sbi-nudm-user-not-found-http2.pcap ; 7777
sbi-n1n2-5gsm-reject-multipart-http2.pcap ; 7777
sbi-http2-midflow-7777.pcap ; 7777
'

# http2_ports FILE: its ports from HTTP2_PORTS, "" when none.
http2_ports() {
	printf '%s\n' "$HTTP2_PORTS" | awk -F ';' -v f="${1##*/}" '
	{ gsub(/^ +| +$/, "", $1) } $1 == f { print $2 }'
}
# The user link types, as Wireshark's "user_dlts" table (a UAT file in its
# configuration directory) gives them: what profiles/default.cfg maps
# (capture.user_dlts) given to tshark the same way. tools/tshark-golden.sh
# writes it to a configuration directory of its own (WIRESHARK_CONFIG_DIR).
# It changes only captures of those link types, so it is not part of
# TABLES_SUM: the other golden files stay valid.
USER_DLTS='"User 0 (DLT=147)","mac-lte-framed","0","","0",""
"User 1 (DLT=148)","nas-eps","0","","0",""'

# mtp3_variant FILE: its variant from MTP3_VARIANTS, "" when ITU's.
mtp3_variant() {
	printf '%s\n' "$MTP3_VARIANTS" | awk -F ';' -v f="${1##*/}" '
	{ gsub(/ /, "", $1); gsub(/ /, "", $2) } $1 == f { print $2 }'
}

# profile_args FILE DIR: "--profile DIR/FILE.cfg", a profile written there
# telling celltriage what tshark is told of the file (its MTP3 variant:
# capture.mtp3; its HTTP/2 ports: capture.sbi_ports); "" when nothing.
profile_args() {
	pv=$(mtp3_variant "$1")
	pp=$(http2_ports "$1")
	[ -n "$pv$pp" ] || return 0
	{
		echo 'version = 1;'
		printf 'capture = {'
		[ -z "$pv" ] || printf ' mtp3 = "%s";' "$pv"
		# shellcheck disable=SC2086
		[ -z "$pp" ] || printf ' sbi_ports = [ %s ];' "$(echo $pp | sed 's/ /, /g')"
		echo ' };'
	} >"$2/${1##*/}.cfg"
	echo "--profile $2/${1##*/}.cfg"
}

# tshark_opts FILE: TSHARK_OPTS, the file's mtp3.standard and its HTTP/2 ports.
tshark_opts() {
	o=$TSHARK_OPTS
	case $(mtp3_variant "$1") in
	ansi) o="$o -o mtp3.standard:ANSI" ;;
	japan) o="$o -o mtp3.standard:Japan" ;;
	esac
	for port in $(http2_ports "$1"); do
		o="$o -d tcp.port==$port,http2"
	done
	echo "$o"
}

# Where the public captures are (not in this repository; absent on a clone)
# and where the golden files go, relative to the repository's top.
REAL_CAPTURES=../shared/captures/real
GOLDEN_DIR=${CAPTURE_GOLDEN_DIR:-tests/golden/tshark}

# TABLES_SUM: checksum of the three tables above, as recorded in the golden
# files' header (POSIX cksum: CRC and length).
TABLES_SUM=$(printf '%s\n%s\n%s\n%s\n%s\n' "$FIELDS" "$TSHARK_OPTS" "$EXCEPTIONS" "$MTP3_VARIANTS" "$HTTP2_PORTS" | cksum | tr -s ' ' ' ')

# default_captures: the captures compared when none is named, one a line:
# the project's own samples (truncated.pcap is bad input: tests/cli.sh),
# then the real ones when $REAL_CAPTURES is there.
default_captures() {
	ls captures/signalling/*.pcap captures/signalling/*.pcap.gz | grep -v '/truncated.pcap$'
	if [ -d "$REAL_CAPTURES" ]; then
		ls "$REAL_CAPTURES"/*.pcap "$REAL_CAPTURES"/*.pcapng 2>/dev/null
	fi
}
