/**
 * Free-text themes of a study's answers (issue 13, "Evidence"), pure: TF-IDF vectors of the answers, seeded
 * k-means on them (cosine), and each cluster described by its heaviest terms. No model call, no clock, no
 * Math.random: the same documents and seed give the same themes. Also used for the quotes (the TF-IDF
 * vectors, the centroid and the cosine similarity).
 */
import { mulberry32 } from "../../shared/random.ts";

// ---------------------------------------------------------------------------------------------------------
// Tokens

/** English function words and fillers; answers are mostly English (the prompts are). */
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are aren't as at be because been before being " +
    "below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down " +
    "during each even ever every few for from further get gets getting got had hadn't has hasn't have haven't " +
    "having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm " +
    "i've if in into is isn't it it's its itself just let's like likely may maybe me might more most much " +
    "must mustn't my myself no nor not now of off on once one only or other ought our ours ourselves out " +
    "over own quite rather really same shan't she she'd she'll she's should shouldn't so some such than " +
    "that that's the their theirs them themselves then there there's these they they'd they'll they're " +
    "they've thing things this those though through to too under until up upon us very was wasn't we we'd " +
    "we'll we're we've well were weren't what what's when when's where where's whether which while who " +
    "who's whom why why's will with won't would wouldn't yes yet you you'd you'll you're you've your yours " +
    "yourself yourselves"
  ).split(" "),
);

/**
 * Lowercase words: runs of letters, digits and inner apostrophes (Unicode-aware), without stop words,
 * one-letter tokens and pure numbers.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
    const token = m[0].replace(/’/g, "'");
    if (token.length < 2 || STOP_WORDS.has(token) || /^\p{N}+$/u.test(token)) continue;
    out.push(token);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// TF-IDF

/** A sparse vector: term indexes (ascending) and their values. */
export interface SparseVector {
  terms: number[];
  values: number[];
}

export interface TfIdf {
  /** The terms, by index (first-seen order). */
  vocabulary: string[];
  /** Per term: idf = ln((1 + N) / (1 + df)) + 1 (smoothed, so a term in every document keeps a weight). */
  idf: number[];
  /** One L2-normalised vector per document, in the input's order (empty when no token survived). */
  vectors: SparseVector[];
}

/** TF-IDF of the documents: raw term counts × smoothed idf, each vector L2-normalised. */
export function tfidf(documents: readonly string[]): TfIdf {
  const index = new Map<string, number>();
  const vocabulary: string[] = [];
  const df: number[] = [];
  const counts = documents.map((text) => {
    const c = new Map<number, number>();
    for (const token of tokenize(text)) {
      let i = index.get(token);
      if (i === undefined) {
        i = vocabulary.length;
        index.set(token, i);
        vocabulary.push(token);
        df.push(0);
      }
      c.set(i, (c.get(i) ?? 0) + 1);
    }
    for (const i of c.keys()) df[i] = (df[i] as number) + 1;
    return c;
  });
  const n = documents.length;
  const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
  const vectors = counts.map((c) => {
    const terms = [...c.keys()].sort((a, b) => a - b);
    const values = terms.map((t) => (c.get(t) as number) * (idf[t] as number));
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
    return { terms, values: norm > 0 ? values.map((v) => v / norm) : values };
  });
  return { vocabulary, idf, vectors };
}

/** Dot product of a sparse vector with a dense one. */
export function dotDense(a: SparseVector, dense: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.terms.length; i++) s += (a.values[i] as number) * (dense[a.terms[i] as number] as number);
  return s;
}

/** The mean of sparse vectors as a dense vector of the vocabulary's size. */
export function centroid(vectors: readonly SparseVector[], size: number): Float64Array {
  const c = new Float64Array(size);
  if (vectors.length === 0) return c;
  for (const v of vectors)
    for (let i = 0; i < v.terms.length; i++) {
      const t = v.terms[i] as number;
      c[t] = (c[t] as number) + (v.values[i] as number);
    }
  for (let i = 0; i < size; i++) c[i] = (c[i] as number) / vectors.length;
  return c;
}

function norm(dense: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < dense.length; i++) s += (dense[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Cosine similarity of a (normalised) sparse vector with a dense vector; 0 when either is zero. */
export function cosineToDense(a: SparseVector, dense: ArrayLike<number>, denseNorm = norm(dense)): number {
  if (a.terms.length === 0 || !(denseNorm > 0)) return 0;
  return dotDense(a, dense) / denseNorm;
}

// ---------------------------------------------------------------------------------------------------------
// k-means (spherical: cosine similarity, centroids renormalised)

export interface KMeansResult {
  /** Cluster of each vector (−1 for an empty vector, which no cluster can hold). */
  assignments: number[];
  /** Dense centroids: the mean of each cluster's vectors (not renormalised, so weights read as shares). */
  centroids: Float64Array[];
  iterations: number;
}

/**
 * Spherical k-means on L2-normalised sparse vectors: seeded k-means++ initialisation (the first centre
 * drawn uniformly, each next one with probability ∝ 1 − cosine to its nearest centre), then Lloyd
 * iterations assigning each vector to the most similar centroid (ties to the lower cluster) until nothing
 * moves or `maxIterations`. An emptied cluster takes the vector least similar to its own centre. Empty
 * vectors are left out (assignment −1). k is capped by the number of distinct non-empty vectors.
 */
export function kmeans(
  vectors: readonly SparseVector[],
  size: number,
  k: number,
  seed: number,
  maxIterations = 50,
): KMeansResult {
  const live = vectors.map((v, i) => (v.terms.length > 0 ? i : -1)).filter((i) => i >= 0);
  const assignments = vectors.map(() => -1);
  if (live.length === 0 || k < 1) return { assignments, centroids: [], iterations: 0 };
  const random = mulberry32(seed);
  const kk = Math.min(k, live.length);

  // k-means++ seeding, on the vectors themselves (dense copies of the chosen ones).
  const dense = (v: SparseVector) => {
    const d = new Float64Array(size);
    for (let i = 0; i < v.terms.length; i++) d[v.terms[i] as number] = v.values[i] as number;
    return d;
  };
  const centres: Float64Array[] = [dense(vectors[live[Math.floor(random() * live.length)] as number] as SparseVector)];
  const best = live.map((i) => cosineToDense(vectors[i] as SparseVector, centres[0] as Float64Array, 1));
  while (centres.length < kk) {
    const dist = best.map((s) => Math.max(0, 1 - s));
    const total = dist.reduce((a, b) => a + b, 0);
    if (!(total > 1e-12)) break; // every remaining vector equals a centre: fewer clusters
    let r = random() * total;
    let pick = dist.length - 1;
    for (let j = 0; j < dist.length; j++) {
      r -= dist[j] as number;
      if (r < 0 && (dist[j] as number) > 0) {
        pick = j;
        break;
      }
    }
    const c = dense(vectors[live[pick] as number] as SparseVector);
    centres.push(c);
    live.forEach((i, j) => {
      best[j] = Math.max(best[j] as number, cosineToDense(vectors[i] as SparseVector, c, 1));
    });
  }

  let centroids = centres;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const norms = centroids.map((c) => norm(c));
    let moved = false;
    for (const i of live) {
      const v = vectors[i] as SparseVector;
      let bestK = 0;
      let bestS = Number.NEGATIVE_INFINITY;
      centroids.forEach((c, ci) => {
        const s = cosineToDense(v, c, norms[ci]);
        if (s > bestS) {
          bestS = s;
          bestK = ci;
        }
      });
      if (assignments[i] !== bestK) {
        assignments[i] = bestK;
        moved = true;
      }
    }
    // Refill an emptied cluster with the vector least similar to its own centroid.
    const sizes = centroids.map(() => 0);
    for (const i of live) sizes[assignments[i] as number] = (sizes[assignments[i] as number] as number) + 1;
    for (let ci = 0; ci < centroids.length; ci++) {
      if ((sizes[ci] as number) > 0) continue;
      let worst = -1;
      let worstS = Number.POSITIVE_INFINITY;
      for (const i of live) {
        const own = assignments[i] as number;
        if ((sizes[own] as number) < 2) continue;
        const s = cosineToDense(vectors[i] as SparseVector, centroids[own] as Float64Array, norms[own]);
        if (s < worstS) {
          worstS = s;
          worst = i;
        }
      }
      if (worst >= 0) {
        const own = assignments[worst] as number;
        sizes[own] = (sizes[own] as number) - 1;
        sizes[ci] = 1;
        assignments[worst] = ci;
        moved = true;
      }
    }
    centroids = centroids.map((_, ci) =>
      centroid(
        live.filter((i) => assignments[i] === ci).map((i) => vectors[i] as SparseVector),
        size,
      ),
    );
    if (!moved) break;
  }
  return { assignments, centroids, iterations };
}

// ---------------------------------------------------------------------------------------------------------
// Themes

export interface ThemeDocument {
  id: string;
  text: string;
}

export interface Theme {
  /** The top 3 terms, joined with " / ". */
  label: string;
  /** The heaviest terms of the cluster's centroid (mean TF-IDF weight), heaviest first. */
  terms: { term: string; weight: number }[];
  size: number;
  /** size ÷ the number of documents clustered (those with at least one term). */
  share: number;
  /** The id of the document most similar to the centroid. */
  exampleId: string;
  /** The ids of every document of the theme, in the input's order. */
  memberIds: string[];
}

/** k = min(6, max(1, round(√(n/2)))) for n documents. */
export function themeCount(n: number): number {
  return Math.min(6, Math.max(1, Math.round(Math.sqrt(n / 2))));
}

/**
 * Themes of free-text documents: TF-IDF, spherical k-means with k = `themeCount(n)` (n the documents with a
 * term), each cluster described by its `topTerms` heaviest centroid terms. Sorted by size (largest first),
 * then label. Deterministic for the same documents (in the same order) and seed.
 */
export function extractThemes(documents: readonly ThemeDocument[], seed: number, topTerms = 8): Theme[] {
  const model = tfidf(documents.map((d) => d.text));
  const n = model.vectors.filter((v) => v.terms.length > 0).length;
  if (n === 0) return [];
  const size = model.vocabulary.length;
  const { assignments, centroids } = kmeans(model.vectors, size, themeCount(n), seed);
  const themes: Theme[] = [];
  centroids.forEach((c, ci) => {
    const members = documents.map((_, i) => i).filter((i) => assignments[i] === ci);
    if (members.length === 0) return;
    const order = Array.from({ length: size }, (_, t) => t)
      .filter((t) => (c[t] as number) > 0)
      .sort((a, b) => (c[b] as number) - (c[a] as number) || a - b);
    const terms = order
      .slice(0, topTerms)
      .map((t) => ({ term: model.vocabulary[t] as string, weight: c[t] as number }));
    const cn = norm(c);
    let example = members[0] as number;
    let bestS = Number.NEGATIVE_INFINITY;
    for (const i of members) {
      const s = cosineToDense(model.vectors[i] as SparseVector, c, cn);
      if (s > bestS) {
        bestS = s;
        example = i;
      }
    }
    themes.push({
      label: terms
        .slice(0, 3)
        .map((t) => t.term)
        .join(" / "),
      terms,
      size: members.length,
      share: members.length / n,
      exampleId: (documents[example] as ThemeDocument).id,
      memberIds: members.map((i) => (documents[i] as ThemeDocument).id),
    });
  });
  return themes.sort((a, b) => b.size - a.size || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
