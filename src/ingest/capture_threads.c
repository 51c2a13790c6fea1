/*
 * capture_threads.c — reading a capture on more than one thread
 * (CT_CAP_READAHEAD, CT_CAP_WORKERS in capture.h): a reader thread running
 * libpcap's read loop into batches, worker threads decoding chunks of the
 * file each into a part of its own, and the merge of the parts, in file
 * order, into the capture. The result is the same as one thread's, byte
 * for byte.
 */
#include <pcap/pcap.h>
#include <pthread.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_int.h"

/*
 * A reader thread runs libpcap's read loop (the I/O and the record parsing,
 * by itself about a sixth of a run) and copies the packets into batches,
 * each a run of records padded to 8 bytes:
 *   | frame (8) | sec (8) | usec (4) | caplen (4) | unit | caplen bytes | pad |
 * The batches go round a ring of slots. Then either
 *   - read-ahead (no workers): the calling thread decodes each batch into
 *     the capture, in file order, as one thread would; or
 *   - workers: the reader also runs the transport state over each frame
 *     (the STAGE of capture_int.h: fragments, TCP flows, SCTP TSNs seen
 *     follow the file in order), and the batch holds its units: frames,
 *     frames it took, datagrams and TCP messages it put together. Each
 *     batch (a chunk of the file) is decoded by one of the
 *     worker threads into a part of its own: its own identity map and
 *     counters, its causes in memory. The calling thread merges the parts
 *     in file order (merge_part): the identities of a part are mapped onto
 *     the capture's as one pass over the whole file would have linked
 *     them, the causes are spilled with the capture's node numbers. The
 *     result is the same as one thread's, byte for byte.
 */
#define PIPE_BATCH_READAHEAD (1u << 20)
#define PIPE_BATCH_CHUNK (8u << 20)

static size_t chunk_bytes = PIPE_BATCH_CHUNK;

void
ct_capture_set_chunk(size_t bytes)
{
	chunk_bytes = bytes ? bytes : PIPE_BATCH_CHUNK;
}

struct pipe_rec {
	uint64_t frame;
	int64_t sec;
	int32_t usec;
	uint32_t caplen;
	struct ct_cap_unit unit;  /* workers: what the stage made of it */
};

enum slot_state { SLOT_FREE, SLOT_READY, SLOT_WORKING, SLOT_DONE };

struct pipe_slot {
	unsigned char *buf;
	size_t len, cap;
	enum slot_state state;
	int last;                 /* the reader's last batch (may be empty) */
	struct ct_capture part;   /* workers: what the chunk gave */
	struct ct_cap_idmap *ids;
};

struct pipe {
	pcap_t *pc;
	int dlt;
	unsigned flags;           /* the capture's, for the workers' parts */
	const struct ct_failure_rules *rules; /* the capture's, for the workers' decoding */
	int user;                 /* what the file's user link type carries (decode.h) */
	size_t batch;             /* bytes a batch is published at */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pipe_slot *slot;
	size_t nslots;
	size_t head;              /* batches published by the reader */
	size_t work;              /* batches taken by a worker */
	size_t tail;              /* batches the calling thread is done with */
	int stop;                 /* workers: no batch will come any more */
	int rc;                   /* pcap_next_ex's last result */
	struct ct_cap_pkt *stage; /* workers: the reader's transport state */
	struct ct_capture stage_counts; /* what the stage counted */
	struct pipe_slot *cur;    /* the reader's batch being filled */
	char err[PCAP_ERRBUF_SIZE];
};

static struct pipe_slot *
pipe_slot(struct pipe *pp, size_t seq)
{
	return &pp->slot[seq % pp->nslots];
}

/*
 * A slot's buffer: room for a batch and the packet that ends it, made once.
 * Where the kernel offers transparent huge pages on request, the buffer
 * asks for them: touching megabytes of fresh memory page by page costs
 * thousands of page faults per run, expensive under virtualisation.
 */
static void
slot_alloc(struct pipe_slot *b, size_t n)
{
	size_t huge = (size_t)2 << 20;
	void *p = NULL;

	n = (n + huge - 1) / huge * huge;
	if (posix_memalign(&p, huge, n) != 0 || !p)
		p = ct_xmalloc(n);
#ifdef MADV_HUGEPAGE
	else
		(void)madvise(p, n, MADV_HUGEPAGE);
#endif
	b->buf = p;
	b->cap = n;
}

/* The reader's next batch: it waits while every slot is in use. */
static struct pipe_slot *
pipe_next_free(struct pipe *pp)
{
	struct pipe_slot *b;

	pthread_mutex_lock(&pp->mu);
	while (pipe_slot(pp, pp->head)->state != SLOT_FREE)
		pthread_cond_wait(&pp->cv, &pp->mu);
	b = pipe_slot(pp, pp->head);
	b->len = 0;
	b->last = 0;
	pthread_mutex_unlock(&pp->mu);
	if (!b->buf)
		slot_alloc(b, pp->batch + (256u << 10));
	return b;
}

static void
pipe_publish(struct pipe *pp, struct pipe_slot *b, int last)
{
	pthread_mutex_lock(&pp->mu);
	b->last = last;
	b->state = SLOT_READY;
	pp->head++;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
}

/* Appends one record to the reader's batch. */
static void
pipe_put(struct pipe *pp, uint64_t frame, int64_t sec, int32_t usec, const struct ct_cap_unit *u,
	 const uint8_t *data, size_t len)
{
	struct pipe_slot *b = pp->cur;
	size_t need = sizeof(struct pipe_rec) + ((len + 7u) & ~(size_t)7);
	struct pipe_rec r;

	b->buf = ct_xgrow(b->buf, b->len + need, &b->cap, 1);
	memset(&r, 0, sizeof(r));
	r.frame = frame;
	r.sec = sec;
	r.usec = usec;
	r.caplen = (uint32_t)len;
	if (u)
		r.unit = *u;
	memcpy(b->buf + b->len, &r, sizeof(r));
	if (len)
		memcpy(b->buf + b->len + sizeof(r), data, len);
	b->len += need;
}

/* The stage's units (ct_cap_pkt.emit). */
static void
pipe_emit(void *arg, const struct ct_cap_unit *u, const struct ct_cap_pkt *k, const uint8_t *p,
	  size_t len)
{
	pipe_put(arg, k->frame, k->sec, k->usec, u, p, len);
}

static void *
pipe_reader(void *arg)
{
	struct pipe *pp = arg;
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t frame = 0;
	int rc;

	pp->cur = pipe_next_free(pp);
	while ((rc = pcap_next_ex(pp->pc, &h, &data)) == 1) {
		if (ct_cap_time_check(h, pp->err, sizeof(pp->err)) != 0) {
			rc = -1;
			break;
		}
		++frame;
		if (pp->stage)
			ct_cap_one_packet(pp->stage, pp->dlt, frame, (int64_t)h->ts.tv_sec,
					  (int32_t)h->ts.tv_usec, data, h->caplen);
		else
			pipe_put(pp, frame, (int64_t)h->ts.tv_sec, (int32_t)h->ts.tv_usec, NULL,
				 data, h->caplen);
		if (pp->cur->len >= pp->batch) {
			pipe_publish(pp, pp->cur, 0);
			pp->cur = pipe_next_free(pp);
		}
	}
	pp->rc = rc;
	if (rc == -1 && !pp->err[0])
		snprintf(pp->err, sizeof(pp->err), "%s", pcap_geterr(pp->pc));
	if (pp->stage)
		ct_cap_reasm_finish(pp->stage->rs, pp->stage_counts.undecoded);
	pipe_publish(pp, pp->cur, 1);
	return NULL;
}

static void
decode_batch(struct ct_cap_pkt *k, int dlt, const struct pipe_slot *b)
{
	for (size_t at = 0; at < b->len;) {
		struct pipe_rec r;

		memcpy(&r, b->buf + at, sizeof(r));
		if (k->mode == CT_CAP_MODE_DECODE)
			ct_cap_one_unit(k, dlt, &r.unit, r.frame, r.sec, r.usec, b->buf + at + sizeof(r),
					r.caplen);
		else
			ct_cap_one_packet(k, dlt, r.frame, r.sec, r.usec, b->buf + at + sizeof(r),
					  r.caplen);
		at += sizeof(r) + ((r.caplen + 7u) & ~(size_t)7);
	}
}

static void *
pipe_worker(void *arg)
{
	struct pipe *pp = arg;

	for (;;) {
		struct pipe_slot *b;
		struct ct_cap_pkt *k;

		pthread_mutex_lock(&pp->mu);
		while (!pp->stop && (pp->work == pp->head ||
				     pipe_slot(pp, pp->work)->state != SLOT_READY))
			pthread_cond_wait(&pp->cv, &pp->mu);
		if (pp->stop) {
			pthread_mutex_unlock(&pp->mu);
			return NULL;
		}
		b = pipe_slot(pp, pp->work++);
		b->state = SLOT_WORKING;
		if (b->last)
			pp->stop = 1; /* nothing comes after the last batch */
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);

		k = ct_xcalloc(1, sizeof(*k));
		{
			/* the causes array of the slot's last part is reused:
			 * no page faults for a fresh one per chunk */
			struct ct_cap_cause *keep = b->part.causes;
			size_t keepcap = b->part.capcauses;

			memset(&b->part, 0, sizeof(b->part));
			b->part.causes = keep;
			b->part.capcauses = keepcap;
		}
		k->cap = &b->part;
		k->flags = pp->flags & CT_CAP_FAILURES_ONLY; /* causes in memory */
		k->ids = ct_cap_ids_new();
		ct_dissect_reset(&k->d);
		k->d.rules = pp->rules;
		k->user = pp->user;
		k->mode = CT_CAP_MODE_DECODE;
		ct_cap_sccp_init(k);
		decode_batch(k, pp->dlt, b);
		b->ids = k->ids;
		free(k);

		pthread_mutex_lock(&pp->mu);
		b->state = SLOT_DONE;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
}

/*
 * Merges a part (a chunk decoded on its own from an empty identity map pm)
 * into the capture k->cap with identity map k->ids, as if one pass had
 * read on: the identities as ct_cap_ids_merge says, the counts added, the
 * causes spilled with the capture's node numbers.
 */
static void
merge_part(struct ct_cap_pkt *k, struct ct_capture *part, struct ct_cap_idmap *pm)
{
	struct ct_capture *cap = k->cap;
	int *map = ct_cap_ids_merge(k->ids, pm);

	cap->packets += part->packets;
	cap->messages += part->messages;
	cap->phone_side += part->phone_side;
	for (int i = 0; i < CT_UNDEC__COUNT; i++)
		cap->undecoded[i] += part->undecoded[i];
	for (size_t i = 0; i < part->ncauses; i++) {
		struct ct_cap_cause *c = &part->causes[i];

		if (c->node >= 0)
			c->node = map[c->node];
		cap->ncauses++;
		ct_cap_spill_cause(cap, c, strlen(c->message), strlen(c->cell));
	}
	free(map);
}

int
ct_cap_read_threads(pcap_t *pc, struct ct_cap_pkt *k, int dlt, unsigned workers, char *errbuf,
		    size_t errn)
{
	struct pipe *pp = ct_xcalloc(1, sizeof(*pp));
	pthread_t *th = ct_xcalloc(workers + 1, sizeof(*th));
	unsigned started = 0;
	int rc;

	pp->pc = pc;
	pp->dlt = dlt;
	pp->flags = k->flags;
	pp->rules = k->d.rules;
	pp->user = k->user;
	pp->batch = workers ? chunk_bytes : PIPE_BATCH_READAHEAD;
	pp->nslots = workers ? workers + 2 : 4;
	pp->slot = ct_xcalloc(pp->nslots, sizeof(*pp->slot));
	pthread_mutex_init(&pp->mu, NULL);
	pthread_cond_init(&pp->cv, NULL);
	if (workers) {
		pp->stage = ct_xcalloc(1, sizeof(*pp->stage));
		pp->stage->cap = &pp->stage_counts;
		pp->stage->mode = CT_CAP_MODE_STAGE;
		pp->stage->flags = k->flags & CT_CAP_MTP3(0xf); /* the SS7 variant its look needs */
		pp->stage->rs = ct_cap_reasm_new();
		ct_dissect_reset(&pp->stage->d);
		ct_cap_sccp_init(pp->stage);
		pp->stage->emit = pipe_emit;
		pp->stage->emit_arg = pp;
	}
	for (unsigned w = 0; w < workers; w++)
		if (pthread_create(&th[started + 1], NULL, pipe_worker, pp) == 0)
			started++;
	if ((workers && !started) || pthread_create(&th[0], NULL, pipe_reader, pp) != 0) {
		pthread_mutex_lock(&pp->mu);
		pp->stop = 1;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
		for (unsigned w = 0; w < started; w++)
			pthread_join(th[w + 1], NULL);
		rc = -3;
		goto out;
	}
	for (int last = 0; !last;) {
		struct pipe_slot *b = pipe_slot(pp, pp->tail);

		pthread_mutex_lock(&pp->mu);
		while (b->state != (started ? SLOT_DONE : SLOT_READY) || pp->tail == pp->head)
			pthread_cond_wait(&pp->cv, &pp->mu);
		pthread_mutex_unlock(&pp->mu);
		last = b->last;
		if (started) {
			merge_part(k, &b->part, b->ids);
			ct_cap_ids_free(b->ids); /* the part's causes array stays for the slot's next */
			b->ids = NULL;
		} else {
			decode_batch(k, dlt, b);
		}
		pthread_mutex_lock(&pp->mu);
		b->state = SLOT_FREE;
		pp->tail++;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
	for (unsigned t = 0; t <= started; t++)
		pthread_join(th[t], NULL);
	rc = pp->rc;
	snprintf(errbuf, errn, "%s", pp->err);
	for (int i = 0; i < CT_UNDEC__COUNT; i++)
		k->cap->undecoded[i] += pp->stage_counts.undecoded[i];
out:
	if (pp->stage) {
		ct_cap_reasm_free(pp->stage->rs);
		free(pp->stage);
	}
	for (size_t i = 0; i < pp->nslots; i++) {
		free(pp->slot[i].buf);
		free(pp->slot[i].part.causes);
	}
	pthread_mutex_destroy(&pp->mu);
	pthread_cond_destroy(&pp->cv);
	free(pp->slot);
	free(pp);
	free(th);
	return rc;
}
