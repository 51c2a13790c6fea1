/*
 * q850.c — ITU-T Q.850 (05/1998, and Amd. 1) cause values, value -> name.
 *
 * One table serves two families: the cause of a SIP Reason header
 * (RFC 3326, "Reason: Q.850;cause=16") and the GSM call-control cause
 * (3GPP TS 24.008 §10.5.4.11), whose values are Q.850's. Where TS 24.008
 * uses a value that Q.850 leaves unassigned (24, 68) its name is listed
 * with the specification named; where the two disagree (8: Q.850
 * "Preemption", TS 24.008 "Operator determined barring"), both are given,
 * because the same number reaches us from both worlds.
 *
 *     octet of a Cause IE:  | ext | class (3 bits) | value in class (4 bits) |
 *     the 7-bit number (class << 4 | value) is the cause below
 */
#include <stddef.h>

#include "celltriage/decode.h"

static const struct ct_name q850_causes[] = {
	/* class 000 and 001: normal event */
	{ 1, "Unallocated (unassigned) number" },
	{ 2, "No route to specified transit network" },
	{ 3, "No route to destination" },
	{ 4, "Send special information tone" },
	{ 5, "Misdialled trunk prefix" },
	{ 6, "Channel unacceptable" },
	{ 7, "Call awarded and being delivered in an established channel" },
	{ 8, "Preemption / operator determined barring" },
	{ 9, "Preemption - circuit reserved for reuse" },
	{ 14, "QoR: ported number" },
	{ 16, "Normal call clearing" },
	{ 17, "User busy" },
	{ 18, "No user responding" },
	{ 19, "No answer from user (user alerted)" },
	{ 20, "Subscriber absent" },
	{ 21, "Call rejected" },
	{ 22, "Number changed" },
	{ 23, "Redirection to new destination" },
	{ 24, "Call rejected due to feature at the destination" }, /* TS 24.008 */
	{ 25, "Exchange routing error" },
	{ 26, "Non-selected user clearing" },
	{ 27, "Destination out of order" },
	{ 28, "Invalid number format (address incomplete)" },
	{ 29, "Facility rejected" },
	{ 30, "Response to STATUS ENQUIRY" },
	{ 31, "Normal, unspecified" },
	/* class 010: resource unavailable */
	{ 34, "No circuit/channel available" },
	{ 38, "Network out of order" },
	{ 39, "Permanent frame mode connection out of service" },
	{ 40, "Permanent frame mode connection operational" },
	{ 41, "Temporary failure" },
	{ 42, "Switching equipment congestion" },
	{ 43, "Access information discarded" },
	{ 44, "Requested circuit/channel not available" },
	{ 46, "Precedence call blocked" },
	{ 47, "Resource unavailable, unspecified" },
	/* class 011: service or option not available */
	{ 49, "Quality of Service not available" },
	{ 50, "Requested facility not subscribed" },
	{ 53, "Outgoing calls barred within CUG" },
	{ 55, "Incoming calls barred within CUG" },
	{ 57, "Bearer capability not authorized" },
	{ 58, "Bearer capability not presently available" },
	{ 62, "Inconsistency in designated outgoing access information and subscriber class" },
	{ 63, "Service or option not available, unspecified" },
	/* class 100: service or option not implemented */
	{ 65, "Bearer capability not implemented" },
	{ 66, "Channel type not implemented" },
	{ 68, "ACM equal to or greater than ACMmax" }, /* TS 24.008 */
	{ 69, "Requested facility not implemented" },
	{ 70, "Only restricted digital information bearer capability is available" },
	{ 79, "Service or option not implemented, unspecified" },
	/* class 101: invalid message */
	{ 81, "Invalid call reference value" },
	{ 82, "Identified channel does not exist" },
	{ 83, "A suspended call exists, but this call identity does not" },
	{ 84, "Call identity in use" },
	{ 85, "No call suspended" },
	{ 86, "Call having the requested call identity has been cleared" },
	{ 87, "User not member of CUG" },
	{ 88, "Incompatible destination" },
	{ 90, "Non-existent CUG" },
	{ 91, "Invalid transit network selection" },
	{ 95, "Invalid message, unspecified" },
	/* class 110: protocol error */
	{ 96, "Mandatory information element is missing" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message not compatible with call state or message type non-existent or not implemented" },
	{ 99, "Information element / parameter non-existent or not implemented" },
	{ 100, "Invalid information element contents" },
	{ 101, "Message not compatible with call state" },
	{ 102, "Recovery on timer expiry" },
	{ 103, "Parameter non-existent or not implemented, passed on" },
	{ 110, "Message with unrecognized parameter, discarded" },
	{ 111, "Protocol error, unspecified" },
	/* class 111: interworking */
	{ 127, "Interworking, unspecified" },
	{ 0, NULL }
};

const struct ct_name *
ct_q850_cause_table(void)
{
	return q850_causes;
}
