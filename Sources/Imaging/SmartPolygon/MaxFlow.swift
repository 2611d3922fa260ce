// Minimum s-t cut by Dinic's algorithm (breadth-first levels, then blocking flows along them with a
// current-arc pointer per node), over a graph whose nodes each have a capacity from the source and to
// the sink. After `solve`, `isSourceSide(n)` says which side of the cut node n fell on.

struct MaxFlow {
    private(set) var nodes: Int
    private var head: [Int32]
    private var next: [Int32] = []
    private var to: [Int32] = []
    private var capacity: [Float] = []
    private var level: [Int32]
    private var cursor: [Int32]
    // The terminals are the two last nodes.
    private var source: Int { nodes }
    private var sink: Int { nodes + 1 }

    init(nodes: Int, edgesHint: Int = 0) {
        self.nodes = nodes
        head = [Int32](repeating: -1, count: nodes + 2)
        level = [Int32](repeating: -1, count: nodes + 2)
        cursor = [Int32](repeating: -1, count: nodes + 2)
        next.reserveCapacity(edgesHint * 2)
        to.reserveCapacity(edgesHint * 2)
        capacity.reserveCapacity(edgesHint * 2)
    }

    private mutating func arc(_ from: Int, _ target: Int, _ forward: Float, _ backward: Float) {
        to.append(Int32(target)); capacity.append(forward); next.append(head[from]); head[from] = Int32(to.count - 1)
        to.append(Int32(from)); capacity.append(backward); next.append(head[target]); head[target] = Int32(to.count - 1)
    }

    /// Capacities from the source to `node` and from `node` to the sink.
    mutating func terminals(_ node: Int, source fromSource: Float, sink toSink: Float) {
        if fromSource > 0 { arc(source, node, fromSource, 0) }
        if toSink > 0 { arc(node, sink, toSink, 0) }
    }

    /// An undirected edge between two nodes.
    mutating func edge(_ a: Int, _ b: Int, _ weight: Float) {
        arc(a, b, weight, weight)
    }

    private mutating func levels() -> Bool {
        for i in level.indices { level[i] = -1 }
        var queue = [Int32](repeating: 0, count: nodes + 2)
        var (front, back) = (0, 0)
        level[source] = 0
        queue[back] = Int32(source); back += 1
        while front < back {
            let node = Int(queue[front]); front += 1
            var e = head[node]
            while e >= 0 {
                let target = Int(to[Int(e)])
                if capacity[Int(e)] > 1e-9, level[target] < 0 {
                    level[target] = level[node] + 1
                    queue[back] = Int32(target); back += 1
                }
                e = next[Int(e)]
            }
        }
        return level[sink] >= 0
    }

    /// One augmenting path along the levels, found depth first without recursion; its bottleneck, or 0.
    private mutating func augment() -> Float {
        var path: [Int32] = []  // arcs taken
        var node = source
        while true {
            if node == sink {
                var bottleneck = Float.greatestFiniteMagnitude
                for e in path { bottleneck = min(bottleneck, capacity[Int(e)]) }
                for e in path {
                    capacity[Int(e)] -= bottleneck
                    capacity[Int(e) ^ 1] += bottleneck
                }
                return bottleneck
            }
            var e = cursor[node]
            while e >= 0 {
                let target = Int(to[Int(e)])
                if capacity[Int(e)] > 1e-9, level[target] == level[node] + 1 { break }
                e = next[Int(e)]
            }
            cursor[node] = e
            if e >= 0 {
                path.append(e)
                node = Int(to[Int(e)])
            } else {
                // A dead end: no path through this node at this level; step back.
                level[node] = -1
                guard let last = path.popLast() else { return 0 }
                node = Int(to[Int(last) ^ 1])
                cursor[node] = next[Int(cursor[node])]
            }
        }
    }

    mutating func solve() {
        while levels() {
            cursor = head
            while augment() > 0 {}
        }
    }

    /// After `solve`: whether the node is still reachable from the source (the foreground side).
    func isSourceSide(_ node: Int) -> Bool { level[node] >= 0 }
}
