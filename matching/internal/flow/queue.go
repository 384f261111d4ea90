package flow

type distItem struct {
	d int64
	v int32
}

func (h distItem) less(o distItem) bool { return h.d < o.d || (h.d == o.d && h.v < o.v) }

// distHeap is a binary min-heap by distance, then node index, so pops are
// deterministic.
type distHeap []distItem

func (h *distHeap) push(x distItem) {
	*h = append(*h, x)
	q := *h
	i := len(q) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q[i].less(q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *distHeap) pop() distItem {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q = q[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(q) {
			break
		}
		c := l
		if r := l + 1; r < len(q) && q[r].less(q[l]) {
			c = r
		}
		if !q[c].less(q[i]) {
			break
		}
		q[i], q[c] = q[c], q[i]
		i = c
	}
	*h = q
	return top
}

// bucketQueue is Dial's bucket queue for Dijkstra with integer distances:
// distances within bucketSpan of the current minimum sit in a circular array
// of buckets, larger ones in a binary heap until the window reaches them.
// Reduced costs are small integers in practice, so most operations are O(1).
type bucketQueue struct {
	buckets [bucketSpan][]distItem
	cur     int64 // no queued distance is below cur
	n       int   // items in buckets
	over    distHeap
}

const bucketSpan = 256

func (q *bucketQueue) reset() {
	for i := range q.buckets {
		q.buckets[i] = q.buckets[i][:0]
	}
	q.cur, q.n = 0, 0
	q.over = q.over[:0]
}

func (q *bucketQueue) push(x distItem) {
	if x.d < q.cur+bucketSpan {
		b := &q.buckets[x.d%bucketSpan]
		*b = append(*b, x)
		q.n++
		return
	}
	q.over.push(x)
}

// pop returns an item of the least distance. Items pushed must not be below
// the last popped distance, which Dijkstra guarantees.
func (q *bucketQueue) pop() (distItem, bool) {
	for {
		for len(q.over) > 0 && q.over[0].d < q.cur+bucketSpan {
			x := q.over.pop()
			b := &q.buckets[x.d%bucketSpan]
			*b = append(*b, x)
			q.n++
		}
		if q.n == 0 {
			if len(q.over) == 0 {
				return distItem{}, false
			}
			q.cur = q.over[0].d
			continue
		}
		b := &q.buckets[q.cur%bucketSpan]
		if k := len(*b); k > 0 {
			x := (*b)[k-1]
			*b = (*b)[:k-1]
			q.n--
			return x, true
		}
		q.cur++
	}
}
