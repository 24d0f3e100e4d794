/**
 * Strongly connected components, iteratively (Tarjan's algorithm with an
 * explicit stack).
 *
 * graphology-components' `stronglyConnectedComponents` is recursive and runs
 * out of call stack on a chain some 7,000 systems deep; inventories reach
 * 100,000 systems, so this one keeps its own stack. Input is a CSR adjacency
 * (`start`, `targets`) over nodes 0..n-1; output is a component id per node,
 * numbered in reverse topological order of the condensation (Tarjan's order).
 *
 * Reference: R. Tarjan, "Depth-first search and linear graph algorithms" (1972),
 * https://en.wikipedia.org/wiki/Tarjan%27s_strongly_connected_components_algorithm
 */
export interface Components {
  component: Int32Array
  count: number
}

export function stronglyConnected(n: number, start: Int32Array, targets: Int32Array): Components {
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const stack = new Int32Array(n)
  const component = new Int32Array(n).fill(-1)
  const callNode = new Int32Array(n)
  const callEdge = new Int32Array(n)
  let stackTop = 0
  let counter = 0
  let count = 0

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue
    let depth = 0
    callNode[0] = root
    callEdge[0] = start[root]
    index[root] = low[root] = counter++
    stack[stackTop++] = root
    onStack[root] = 1
    while (depth >= 0) {
      const v = callNode[depth]
      if (callEdge[depth] < start[v + 1]) {
        const w = targets[callEdge[depth]++]
        if (index[w] === -1) {
          index[w] = low[w] = counter++
          stack[stackTop++] = w
          onStack[w] = 1
          depth++
          callNode[depth] = w
          callEdge[depth] = start[w]
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w]
        }
        continue
      }
      if (low[v] === index[v]) {
        let w: number
        do {
          w = stack[--stackTop]
          onStack[w] = 0
          component[w] = count
        } while (w !== v)
        count++
      }
      depth--
      if (depth >= 0) {
        const parent = callNode[depth]
        if (low[v] < low[parent]) low[parent] = low[v]
      }
    }
  }
  return {component, count}
}

/** CSR adjacency from an edge list. */
export function adjacency(n: number, from: ArrayLike<number>, to: ArrayLike<number>, edges: number): {start: Int32Array; targets: Int32Array; edgeIds: Int32Array} {
  const start = new Int32Array(n + 1)
  for (let e = 0; e < edges; e++) start[from[e] + 1]++
  for (let v = 0; v < n; v++) start[v + 1] += start[v]
  const fill = start.slice(0, n)
  const targets = new Int32Array(edges)
  const edgeIds = new Int32Array(edges)
  for (let e = 0; e < edges; e++) {
    const slot = fill[from[e]]++
    targets[slot] = to[e]
    edgeIds[slot] = e
  }
  return {start, targets, edgeIds}
}
