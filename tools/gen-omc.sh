#!/bin/sh
# gen-omc.sh [DIR]: writes the project's own small synthetic OMC exports
# (default captures/omc/): a TS 32.435 PM file in each of its two forms, a
# TS 28.532 file with the stylesheet line before the XML declaration, VES
# perf3gpp and fault events, a vendor-style alarm XML, and CSV counter and
# alarm exports in the default profile's column mapping. Every value is
# invented for the tests; nothing is copied from the real files in
# ../shared/data/omc/. The golden tests and test_omc use these files.
#
# The story they tell: site-7 (ManagedElement=site-7) has two LTE cells in
# the 15-minute period ending 2026-11-20T09:15:00+08:00. EUtranCellFDD=1 is
# busy (92 of 100 DL PRBs in use); EUtranCellFDD=2 is not (35 of 100) and
# has a clean uplink (-112 dBm per PRB); the site has an active "RRU link
# down" alarm raised at 08:55 and not cleared.
set -eu
dir=${1:-captures/omc}
mkdir -p "$dir"

cat > "$dir/pm-site7-r.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<measCollecFile xmlns="http://www.3gpp.org/ftp/specs/archive/32_series/32.435#measCollec">
  <fileHeader fileFormatVersion="32.435 V10.0" vendorName="celltriage test" dnPrefix="SubNetwork=North">
    <fileSender localDn="ManagedElement=site-7" elementType="eNodeB"/>
    <measCollec beginTime="2026-11-20T09:00:00+08:00"/>
  </fileHeader>
  <measData>
    <managedElement localDn="ManagedElement=site-7"/>
    <measInfo measInfoId="cell">
      <job jobId="1"/>
      <granPeriod duration="PT900S" endTime="2026-11-20T09:15:00+08:00"/>
      <repPeriod duration="PT900S"/>
      <measType p="1">RRU.PrbUsedDl</measType>
      <measType p="2">RRU.PrbAvailDl</measType>
      <measType p="3">RRC.ConnEstabAtt</measType>
      <measType p="4">RRC.ConnEstabSucc</measType>
      <measType p="5">L.UL.Interference.Avg</measType>
      <measValue measObjLdn="ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=1">
        <r p="1">92</r>
        <r p="2">100</r>
        <r p="3">400</r>
        <r p="4">380</r>
        <r p="5">-110</r>
      </measValue>
      <measValue measObjLdn="ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=2">
        <r p="1">35</r>
        <r p="2">100</r>
        <r p="3">200</r>
        <r p="4">199</r>
        <r p="5">-112</r>
      </measValue>
    </measInfo>
  </measData>
  <fileFooter>
    <measCollec endTime="2026-11-20T09:15:00+08:00"/>
  </fileFooter>
</measCollecFile>
EOF

cat > "$dir/pm-site7-measresults.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<measCollecFile xmlns="http://www.3gpp.org/ftp/specs/archive/32_series/32.435#measCollec">
  <fileHeader fileFormatVersion="32.435 V10.0" vendorName="celltriage test">
    <fileSender elementType="eNodeB"/>
    <measCollec beginTime="2026-11-20T09:00:00+08:00"/>
  </fileHeader>
  <measData>
    <managedElement localDn="ManagedElement=site-7"/>
    <measInfo>
      <job jobId="1"/>
      <granPeriod duration="PT900S" endTime="2026-11-20T09:15:00+08:00"/>
      <measTypes>RRU.PrbUsedDl RRU.PrbAvailDl
        L.UL.Interference.Avg</measTypes>
      <measValue measObjLdn="ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=1">
        <measResults>92 100 -110</measResults>
      </measValue>
      <measValue measObjLdn="ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=2">
        <measResults>35 100 -112</measResults>
        <suspect>true</suspect>
      </measValue>
    </measInfo>
  </measData>
  <fileFooter>
    <measCollec endTime="2026-11-20T09:15:00+08:00"/>
  </fileFooter>
</measCollecFile>
EOF

cat > "$dir/pm-gnb3-28532.xml" <<'EOF'
<?xml-stylesheet type="text/xsl" href="measData.xsl"?>
<?xml version="1.0" encoding="UTF-8"?>
<measDataFile xmlns="http://www.3gpp.org/ftp/specs/archive/28_series/28.532#measData">
  <fileHeader fileFormatVersion="28.532 V16.0.0" vendorName="celltriage test">
    <fileSender senderName="ManagedElement=gnb-3"/>
    <measData beginTime="2026-11-20T01:00:00Z"/>
  </fileHeader>
  <measData>
    <measEntity localDn="ManagedElement=gnb-3"/>
    <measInfo measInfoId="prb">
      <granPeriod duration="PT60S" endTime="2026-11-20T01:01:00Z"/>
      <measType p="1">RRU.PrbTotDl</measType>
      <measValue measObjLdn="ManagedElement=gnb-3,GNBDUFunction=1,NRCellDU=1">
        <r p="1">97.5</r>
        <suspect>false</suspect>
      </measValue>
    </measInfo>
  </measData>
  <fileFooter>
    <measData endTime="2026-11-20T01:01:00Z"/>
  </fileFooter>
</measDataFile>
EOF

# VES times are epoch microseconds: 1795136400000000 = 2026-11-20T01:00:00Z.
cat > "$dir/ves-perf-site7.json" <<'EOF'
{
  "event": {
    "commonEventHeader": {
      "domain": "perf3gpp",
      "eventName": "perf3gpp_test_pmMeasResult",
      "sourceName": "site-7",
      "startEpochMicrosec": 1795136400000000,
      "lastEpochMicrosec": 1795137300000000
    },
    "perf3gppFields": {
      "perf3gppFieldsVersion": "1.0",
      "measDataCollection": {
        "granularityPeriod": 900,
        "measuredEntityDn": "ManagedElement=site-7",
        "measInfoList": [
          {
            "measInfoId": { "sMeasInfoId": "cell" },
            "measTypes": { "sMeasTypesList": [ "RRU.PrbUsedDl", "RRU.PrbAvailDl" ] },
            "measValuesList": [
              {
                "measObjInstId": "ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=1",
                "suspectFlag": "false",
                "measResults": [ { "p": 1, "sValue": "81" }, { "p": 2, "iValue": 100 } ]
              }
            ]
          }
        ]
      }
    }
  }
}
EOF

cat > "$dir/ves-fault-site7.json" <<'EOF'
{
  "eventList": [
    {
      "commonEventHeader": {
        "domain": "fault", "eventName": "Fault_test_RruLinkDown", "eventId": "f1",
        "sourceName": "ManagedElement=site-7",
        "startEpochMicrosec": 1795136100000000, "lastEpochMicrosec": 1795136100000000
      },
      "faultFields": {
        "faultFieldsVersion": "4.0", "alarmCondition": "RRU link down",
        "eventSourceType": "eNodeB", "specificProblem": "RRU 1 unreachable",
        "eventSeverity": "MAJOR", "vfStatus": "Active"
      }
    },
    {
      "commonEventHeader": {
        "domain": "fault", "eventName": "Fault_test_FanFailure", "eventId": "f2",
        "sourceName": "ManagedElement=site-9",
        "startEpochMicrosec": 1795125600000000, "lastEpochMicrosec": 1795131600000000
      },
      "faultFields": {
        "faultFieldsVersion": "4.0", "alarmCondition": "Fan failure",
        "eventSourceType": "eNodeB", "specificProblem": "fan 2",
        "eventSeverity": "NORMAL", "vfStatus": "Active"
      }
    }
  ]
}
EOF

cat > "$dir/alarms-site7.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<adc><afh><ffv>1.1</ffv><sn>ManagedElement=</sn><st>eNodeB</st><cbt>2026-11-20 01:00:00</cbt></afh>
<ad><at p="1">alarmTrapNEID</at><at p="2">alarmTrapCause</at><at p="5">alarmTrapSeverity</at><at p="6">alarmTrapAdditionalInfo</at><at p="9">alarmTrapTime</at>
<av><aid>alarm</aid><r p="1">site-7</r><r p="2">4001</r><r p="5">2</r><r p="6">RRU link down</r><r p="9">2026-11-20 00:55:00</r></av>
<av><aid>alarm</aid><r p="1">site-9</r><r p="2">4002</r><r p="5">3</r><r p="6">NULL</r><r p="9">2026-11-19 22:00:00</r></av>
</ad><aff><ts>2026-11-20 01:15:00</ts></aff></adc>
EOF

# (a DN holds commas, so the CSV quotes it)
cat > "$dir/pm-site7.csv" <<'EOF'
Time,Object,RRU.PrbUsedDl,RRU.PrbAvailDl,L.UL.Interference.Avg
2026-11-20 01:00:00,"ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=1",92,100,-110
2026-11-20 01:00:00,"ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=2",35,100,
EOF

cat > "$dir/alarms-site7.csv" <<'EOF'
Object,Alarm,Severity,Raised,Cleared
ManagedElement=site-7,RRU link down,major,2026-11-20 00:55:00,
ManagedElement=site-9,Fan failure,minor,2026-11-19 22:00:00,2026-11-19 23:40:00
EOF

# An alarm on a core voice node (profile omc.core_board_objects): Q4.2's
# "alarms on core voice boards", whatever cell the complaint is on.
cat > "$dir/alarms-core.csv" <<'EOF'
Object,Alarm,Severity,Raised,Cleared
"ManagedElement=MSC-1,MscFunction=1,Board=7",Voice board fault,major,2026-11-20 00:30:00,
"ManagedElement=MGW-2,MgwFunction=1,Board=3",Board temperature high,minor,2026-11-19 20:00:00,2026-11-19 21:00:00
EOF

# Complaints that the golden tests join to these files.
cat > "$dir/complaint-busy-cell.json" <<'EOF'
{
  "id": "C20261120-0701",
  "received_at": "2026-11-20T09:10:00+08:00",
  "msisdn": "13700007001",
  "phenomenon": "no_access",
  "rat": "lte",
  "location": { "cell": "ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=1" },
  "account": { "arrears": false, "barred": false },
  "field_tests": { "user_sim_in_test_phone": "fails", "test_sim_on_site": "fails" },
  "measurements": { "signal_dbm": -101 },
  "omc": { "cell_busy": false }
}
EOF

cat > "$dir/complaint-core-board.json" <<'EOF'
{
  "id": "C20261120-0703",
  "received_at": "2026-11-20T09:15:00+08:00",
  "msisdn": "13700007003",
  "phenomenon": "no_access",
  "rat": "lte",
  "location": { "cell": "EUtranCellFDD=3" },
  "account": { "arrears": false, "barred": false },
  "field_tests": { "user_sim_in_test_phone": "fails", "test_sim_on_site": "fails" },
  "measurements": { "signal_dbm": -80, "interference_dbm": -115 },
  "omc": { "cell_busy": false, "alarms": [], "core_cell_data_match": true },
  "signalling": []
}
EOF

cat > "$dir/complaint-site-alarm.json" <<'EOF'
{
  "id": "C20261120-0702",
  "received_at": "2026-11-20T09:12:00+08:00",
  "msisdn": "13700007002",
  "phenomenon": "no_access",
  "rat": "lte",
  "location": { "cell": "EUtranCellFDD=2" },
  "account": { "arrears": false, "barred": false },
  "field_tests": { "user_sim_in_test_phone": "fails", "test_sim_on_site": "fails" },
  "measurements": { "signal_dbm": -99 }
}
EOF
