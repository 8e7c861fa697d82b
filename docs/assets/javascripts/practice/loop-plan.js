/* The loop plan: one distinct story per principle an interview loop probes, as many principles as the bank allows.

   The same rule as the Coach page's, hooks/star_bank/model/loop_plan.py, ported step for step so that both choose
   the same stories: a maximum matching between principles and stories (Hopcroft–Karp), then, among all maximum
   matchings, one that tells as many stories under their primary principle as possible, with the same search
   order and tie-breaks. tests/js/loop-plan.test.mjs checks the two against tests/js/loop-corpus.json, which the
   Python side writes. Keys are kept in Maps and Sets: a principle or story may be called "constructor". */

/** The plan for `principleIds` (in the bank's order) from `stories` ({id, principles: [primary, ...also fits]}, in the bank's order). */
export function planLoop(principleIds, stories) {
  const principles = principleIds.filter((id, place) => principleIds.indexOf(id) === place);
  // Primary stories first, each group in the bank's order: the search tries them first, and ties go their way.
  const primary = new Map(principles.map((id) => [id, []]));
  const alsoFits = new Map(principles.map((id) => [id, []]));
  for (const story of stories) {
    story.principles.forEach((principleId, position) => {
      if (primary.has(principleId)) {
        (position === 0 ? primary : alsoFits).get(principleId).push(story.id);
      }
    });
  }
  const candidates = new Map(principles.map((id) => [id, primary.get(id).concat(alsoFits.get(id))]));
  const primaryOf = new Map(stories.map((story) => [story.id, story.principles[0]]));
  const matching = preferredMatching(candidates, (principleId, storyId) => primaryOf.get(storyId) === principleId);
  return {
    pairs: principles.filter((id) => matching.has(id)).map((id) => ({ principle: id, story: matching.get(id) })),
    uncovered: principles.filter((id) => !matching.has(id)),
  };
}

/** A maximum matching of left keys to right values (Hopcroft–Karp); the adjacency's order decides ties. */
export function maximumMatching(adjacency) {
  const mateOfLeft = new Map();
  const mateOfRight = new Map();
  for (;;) {
    const layers = findLayers(adjacency, mateOfLeft, mateOfRight);
    if (layers === null) {
      break;
    }
    const cursor = new Map(Array.from(layers.depth.keys(), (left) => [left, 0])); // each edge is tried once per phase
    for (const left of adjacency.keys()) {
      if (!mateOfLeft.has(left)) {
        augment(left, adjacency, layers.depth, layers.shortest, cursor, mateOfLeft, mateOfRight);
      }
    }
  }
  return inAdjacencyOrder(adjacency, mateOfLeft);
}

function inAdjacencyOrder(adjacency, matching) {
  const ordered = new Map();
  for (const left of adjacency.keys()) {
    if (matching.has(left)) {
      ordered.set(left, matching.get(left));
    }
  }
  return ordered;
}

/** Breadth-first layers from the free left keys, and the shortest augmenting path's length; null when none is left. */
function findLayers(adjacency, mateOfLeft, mateOfRight) {
  const depth = new Map();
  for (const left of adjacency.keys()) {
    if (!mateOfLeft.has(left)) {
      depth.set(left, 0);
    }
  }
  const queue = Array.from(depth.keys());
  let head = 0;
  let shortest = null;
  while (head < queue.length) {
    const left = queue[head];
    head += 1;
    const level = depth.get(left);
    if (shortest !== null && level > shortest) {
      break;
    }
    for (const right of adjacency.get(left)) {
      if (!mateOfRight.has(right)) {
        if (shortest === null) {
          shortest = level;
        }
      } else {
        const mate = mateOfRight.get(right);
        if (!depth.has(mate)) {
          depth.set(mate, level + 1);
          queue.push(mate);
        }
      }
    }
  }
  return shortest === null ? null : { depth, shortest };
}

/** Flip one shortest augmenting path from `root` along the layers, if there is one (depth-first, no recursion). */
function augment(root, adjacency, depth, shortest, cursor, mateOfLeft, mateOfRight) {
  const lefts = [root];
  const rights = [];
  while (lefts.length) {
    const left = lefts[lefts.length - 1];
    const level = depth.get(left);
    const candidates = adjacency.get(left);
    let descended = false;
    while (level !== null && cursor.get(left) < candidates.length) {
      const right = candidates[cursor.get(left)];
      cursor.set(left, cursor.get(left) + 1);
      if (!mateOfRight.has(right)) {
        if (level === shortest) {
          const newMates = rights.concat([right]);
          lefts.forEach((onPath, place) => {
            mateOfLeft.set(onPath, newMates[place]);
            mateOfRight.set(newMates[place], onPath);
          });
          return true;
        }
      } else {
        const mate = mateOfRight.get(right);
        if (level < shortest && depth.get(mate) === level + 1) {
          lefts.push(mate);
          rights.push(right);
          descended = true;
          break;
        }
      }
    }
    if (!descended) {
      depth.set(left, null); // a dead end for the rest of this phase
      lefts.pop();
      if (rights.length) {
        rights.pop();
      }
    }
  }
  return false;
}

/* Guarantee, as in loop_plan.py: a maximum matching with, among ALL maximum matchings, the most preferred pairs.
   Two maximum matchings differ by alternating cycles and even alternating paths; each gaining piece is a
   negative cycle or a negative path in the small graph of left keys, which Bellman–Ford finds. */

/** A maximum matching with as many `preferred` pairs as any maximum matching; the adjacency's order decides ties. */
export function preferredMatching(adjacency, preferred) {
  const result = maximumMatching(adjacency);
  for (;;) {
    const exchange = gainingExchange(result, adjacency, preferred);
    if (exchange === null) {
      break;
    }
    for (const [left, right] of exchange) {
      if (right === null) {
        result.delete(left);
      } else {
        result.set(left, right);
      }
    }
  }
  return inAdjacencyOrder(adjacency, result);
}

/** New right values (null: none) for some left keys, gaining a preferred pair at the same size; null if none can. */
function gainingExchange(matching, adjacency, preferred) {
  // Costs are -1 per preferred pair, so a gain is a negative total. An edge u -> v means "u takes v's right
  // value, and v must find another": cost(u, mate(v)) - cost(v, mate(v)).
  const lefts = Array.from(adjacency.keys());
  const neighbours = new Map(lefts.map((left) => [left, new Set(adjacency.get(left))]));
  const taken = new Set(matching.values());
  const cost = (left, right) => (preferred(left, right) ? -1 : 0);
  const edges = new Map(lefts.map((u) => [u, lefts
    .filter((v) => matching.has(v) && v !== u && neighbours.get(u).has(matching.get(v)))
    .map((v) => [v, cost(u, matching.get(v)) - cost(v, matching.get(v))])]));
  const cycle = negativeCycle(lefts, edges);
  if (cycle !== null) { // each takes the next one's right value, the last the first one's
    return chain(matching, cycle, matching.get(cycle[0]));
  }
  // A free left key takes a right value, the one it displaces takes another, ..., the last displaced gives up.
  let start = new Map(lefts.filter((u) => !matching.has(u)).map((u) => [u, 0]));
  let paths = shortestPaths(lefts, edges, start);
  const gains = lefts.filter((v) => matching.has(v) && (paths.distance.has(v) ? paths.distance.get(v) : 0) < 0);
  if (gains.length) {
    let lowest = gains[0];
    for (const v of gains) {
      if (paths.distance.get(v) < paths.distance.get(lowest)) {
        lowest = v;
      }
    }
    return chain(matching, path(paths.previous, lowest), null);
  }
  // A left key lets its right value go and takes another, ..., the last displaced takes one nobody has.
  start = new Map(Array.from(matching, ([u, right]) => [u, -cost(u, right)]));
  paths = shortestPaths(lefts, edges, start);
  let best = null;
  for (const v of lefts) {
    const free = paths.distance.has(v) ? adjacency.get(v).filter((right) => !taken.has(right)) : [];
    if (free.length) {
      const preferredFree = free.find((right) => preferred(v, right));
      const right = preferredFree === undefined ? free[0] : preferredFree;
      const total = paths.distance.get(v) + cost(v, right);
      if (total < 0 && (best === null || total < best.total)) {
        best = { total, left: v, right };
      }
    }
  }
  return best === null ? null : chain(matching, path(paths.previous, best.left), best.right);
}

/** Each left key in `keys` takes the next one's right value; the last takes `last`. */
function chain(matching, keys, last) {
  const exchange = [];
  for (let place = 0; place + 1 < keys.length; place += 1) {
    exchange.push([keys[place], matching.get(keys[place + 1])]);
  }
  exchange.push([keys[keys.length - 1], last]);
  return exchange;
}

/** A cycle of negative total cost, in the order its edges run, or null (Bellman–Ford from every node at once). */
function negativeCycle(nodes, edges) {
  const distance = new Map(nodes.map((node) => [node, 0]));
  const previous = new Map();
  let changed = null;
  for (let round = 0; round < nodes.length; round += 1) {
    changed = null;
    for (const u of nodes) {
      for (const [v, weight] of edges.get(u)) {
        if (distance.get(u) + weight < distance.get(v)) {
          distance.set(v, distance.get(u) + weight);
          previous.set(v, u);
          changed = v;
        }
      }
    }
    if (changed === null) {
      break;
    }
  }
  if (changed === null) { // settled within nodes.length rounds (or there are no nodes): no negative cycle
    return null;
  }
  let node = changed;
  for (let step = 0; step < nodes.length; step += 1) { // walk back far enough to stand on the cycle itself
    node = previous.get(node);
  }
  const cycle = [node];
  for (node = previous.get(node); node !== cycle[0]; node = previous.get(node)) {
    cycle.push(node);
  }
  return cycle.reverse();
}

/** Bellman–Ford from several starts at once, each with its own starting cost (no negative cycle remains). */
function shortestPaths(nodes, edges, start) {
  const distance = new Map(start);
  const previous = new Map();
  for (let round = 0; round < nodes.length; round += 1) {
    let changed = false;
    for (const u of nodes) {
      if (!distance.has(u)) {
        continue;
      }
      for (const [v, weight] of edges.get(u)) {
        if (!distance.has(v) || distance.get(u) + weight < distance.get(v)) {
          distance.set(v, distance.get(u) + weight);
          previous.set(v, u);
          changed = true;
        }
      }
    }
    if (!changed) {
      break;
    }
  }
  return { distance, previous };
}

function path(previous, end) {
  const walked = [end];
  while (previous.has(walked[walked.length - 1])) {
    walked.push(previous.get(walked[walked.length - 1]));
  }
  return walked.reverse();
}
