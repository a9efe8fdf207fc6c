/**
 * "Did you mean ...?" for names a user typed: the closest of the names that exist, by edit
 * distance. Pure: used by config validation for namespaces, keys and regions.
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1, so `platfrom` is one edit from `platform`.
 */
export function editDistance(a: string, b: string): number {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/**
 * The candidate closest to `input` (case-insensitive), when it is close enough to be a likely
 * typo: at most a third of the input's length in edits (at least 1, at most 3). Ties go to the
 * first candidate, so callers list the likeliest first.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
    const typed = input.toLowerCase();
    const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
    let best: { name: string; distance: number } | undefined;
    for (const name of candidates) {
        const distance = editDistance(typed, name.toLowerCase());
        if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
    }
    return best?.name;
}

/** ` (did you mean x?)`, or nothing when no candidate is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
    const match = closest(input, candidates);
    return match === undefined ? "" : ` (did you mean ${match}?)`;
}
