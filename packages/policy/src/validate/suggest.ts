// "Did you mean ...?" for names that are almost right, as Access Analyzer's INVALID_ACTION
// and INVALID_SERVICE_IN_ACTION do ("The action s3:ListBuckets does not exist. Did you mean ...?").

/** Edit distance (insert, delete, substitute, swap of neighbours), stopping early beyond `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prevPrev[j - 2] as number) + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * The candidate closest to `name` (case-insensitive), if it is close enough to be a typo:
 * within a third of the name's length, at most 4 edits. A candidate that starts with the
 * name, or that the name starts with, also counts (ListBucket → ListBuckets).
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const max = Math.min(4, Math.max(1, Math.floor(lower.length / 3)));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    let d = editDistance(lower, cl, max);
    if (d > max && lower.length >= 4 && (cl.startsWith(lower) || lower.startsWith(cl))) d = max;
    if (d <= max && (d < bestScore || (d === bestScore && best !== undefined && c.length < best.length))) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}
