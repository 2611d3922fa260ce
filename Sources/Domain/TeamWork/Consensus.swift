// A consensus proposal from k people's independent work on one image: shapes matched across people
// by IoU, kept when most of them drew it, with the majority's label.

public struct ConsensusProposal: Sendable, Equatable {
    public let shapes: [Shape]
    /// For each proposed shape, how many people drew it (out of `people`).
    public let support: [Int]
    public let people: Int
}

public enum Consensus {
    /// Boxes (and polygons, by their bounding boxes) from different people are the same object when
    /// IoU ≥ `threshold`: each shape joins the group whose mean box it overlaps most, at most one shape
    /// per person per group. A group drawn by more than half the people is kept: a box as the mean of
    /// its members, a polygon as the member agreeing most with the others, labelled by most votes
    /// (ties: the smaller label id). A tag is kept when more than half the people set it.
    public static func propose(_ work: [[Shape]], threshold: Double = 0.5) -> ConsensusProposal {
        let people = work.count
        let majority = people / 2 + 1
        var groups: [Group] = []
        for (person, shapes) in work.enumerated() {
            for shape in shapes {
                guard let box = shape.bounds else { continue }
                let isPolygon = if case .polygon = shape { true } else { false }
                let best = groups.indices
                    .filter { groups[$0].isPolygon == isPolygon && !groups[$0].people.contains(person) }
                    .map { ($0, groups[$0].meanBox.iou(box)) }
                    .filter { $0.1 >= threshold }
                    .max { $0.1 < $1.1 }
                if let (index, _) = best {
                    groups[index].add(shape, box: box, person: person)
                } else {
                    groups.append(Group(shape: shape, box: box, person: person, isPolygon: isPolygon))
                }
            }
        }
        var shapes: [Shape] = [], support: [Int] = []
        for group in groups where group.people.count >= majority {
            shapes.append(group.merged())
            support.append(group.people.count)
        }
        var tagVotes: [Int64: Int] = [:]
        for person in work { for label in Set(person.compactMap { if case .tag(let label, _) = $0 { label } else { nil } }) { tagVotes[label, default: 0] += 1 } }
        for (label, votes) in tagVotes.sorted(by: { $0.key < $1.key }) where votes >= majority {
            shapes.append(.tag(labelID: label))
            support.append(votes)
        }
        return ConsensusProposal(shapes: shapes, support: support, people: people)
    }

    /// Shapes drawn by several people that are one object.
    private struct Group {
        var members: [(shape: Shape, box: LabeledBox)]
        var people: Set<Int>
        let isPolygon: Bool

        init(shape: Shape, box: LabeledBox, person: Int, isPolygon: Bool) {
            members = [(shape, box)]
            people = [person]
            self.isPolygon = isPolygon
        }

        mutating func add(_ shape: Shape, box: LabeledBox, person: Int) {
            members.append((shape, box))
            people.insert(person)
        }

        var meanBox: LabeledBox {
            let n = Double(members.count)
            return LabeledBox(labelID: 0, x: members.reduce(0) { $0 + $1.box.x } / n, y: members.reduce(0) { $0 + $1.box.y } / n,
                              width: members.reduce(0) { $0 + $1.box.width } / n, height: members.reduce(0) { $0 + $1.box.height } / n)
        }

        /// The label most members chose; ties go to the smaller id.
        var label: Int64 {
            var votes: [Int64: Int] = [:]
            for member in members { votes[member.shape.labelID, default: 0] += 1 }
            return votes.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
        }

        func merged() -> Shape {
            if isPolygon {
                // The member whose outline agrees most with the others'.
                let scores = members.indices.map { i in members.indices.filter { $0 != i }.reduce(0) { $0 + members[i].box.iou(members[$1].box) } }
                let best = scores.indices.max { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 > $1 }!
                return members[best].shape.relabelled(to: label)
            }
            let mean = meanBox
            return .box(labelID: label, x: mean.x, y: mean.y, width: mean.width, height: mean.height)
        }
    }
}
