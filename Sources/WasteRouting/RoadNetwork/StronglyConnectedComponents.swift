/// Strongly connected components of a CSR graph, by Tarjan's algorithm without recursion.
///
/// Tarjan, R. E. (1972). Depth-first search and linear graph algorithms. SIAM J. Comput. 1(2), 146–160.
/// https://doi.org/10.1137/0201010
struct StronglyConnectedComponents: Sendable {
  /// The component of each node, numbered from 0.
  var component: [Int32]
  /// The number of components.
  var count: Int
  /// The component with the most nodes (the lowest number among equals).
  var largest: Int32

  /// - Complexity: O(nodes + arcs).
  init(nodeCount: Int, arcStart: [Int32], arcHead: [Int32]) {
    var index = [Int32](repeating: -1, count: nodeCount)
    var lowLink = [Int32](repeating: 0, count: nodeCount)
    var onStack = [Bool](repeating: false, count: nodeCount)
    var component = [Int32](repeating: -1, count: nodeCount)
    var stack: [Int32] = []
    var callStack: [(node: Int32, nextArc: Int32)] = []
    var nextIndex: Int32 = 0
    var count: Int32 = 0
    var sizes: [Int] = []

    for root in 0..<nodeCount where index[root] < 0 {
      callStack.append((Int32(root), arcStart[root]))
      index[root] = nextIndex
      lowLink[root] = nextIndex
      nextIndex += 1
      stack.append(Int32(root))
      onStack[root] = true
      while let (node, nextArc) = callStack.last {
        let v = Int(node)
        if nextArc < arcStart[v + 1] {
          callStack[callStack.count - 1].nextArc = nextArc + 1
          let w = Int(arcHead[Int(nextArc)])
          if index[w] < 0 {
            index[w] = nextIndex
            lowLink[w] = nextIndex
            nextIndex += 1
            stack.append(Int32(w))
            onStack[w] = true
            callStack.append((Int32(w), arcStart[w]))
          } else if onStack[w] {
            lowLink[v] = min(lowLink[v], index[w])
          }
          continue
        }
        callStack.removeLast()
        if let parent = callStack.last {
          lowLink[Int(parent.node)] = min(lowLink[Int(parent.node)], lowLink[v])
        }
        if lowLink[v] == index[v] {
          var size = 0
          while let w = stack.popLast() {
            onStack[Int(w)] = false
            component[Int(w)] = count
            size += 1
            if Int(w) == v { break }
          }
          sizes.append(size)
          count += 1
        }
      }
    }
    self.component = component
    self.count = Int(count)
    var largest = 0
    for (c, size) in sizes.enumerated() where size > sizes[largest] { largest = c }
    self.largest = Int32(largest)
  }
}
