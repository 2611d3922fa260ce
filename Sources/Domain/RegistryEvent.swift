// Something that happened in the registry or a deployment, as webhooks carry it: MLflow's envelope
// ({"entity", "action", "timestamp", "data"}) and MLflow's event names where MLflow defines the event.
import Foundation

public struct RegistryEvent: Sendable, Equatable {
    public let entity: String
    public let action: String
    public let data: [String: EventValue]

    public init(_ entity: String, _ action: String, _ data: [String: EventValue]) {
        (self.entity, self.action, self.data) = (entity, action, data)
    }

    /// `model_version.created`
    public var name: String { "\(entity).\(action)" }

    /// Every event a webhook can ask for (`*` asks for all).
    public static let names = [
        "registered_model.created", "model_version.created", "model_version.transitioned_stage",
        "model_version_alias.created", "model_version_alias.deleted", "transition_request.created", "transition_request.decided",
        "rollout.requested", "rollout.started", "rollout.stepped", "rollout.paused", "rollout.resumed", "rollout.rolled_back",
        "rollout.finished", "rollout.rejected", "drift.alert", "webhook.ping",
    ]

    /// The body a webhook receives: sorted keys, so the signed bytes are the same each time they are made.
    public func payload(at timestamp: Date) -> String {
        let envelope: [String: EventValue] = [
            "entity": .text(entity), "action": .text(action),
            "timestamp": .text(ISO8601DateFormatter().string(from: timestamp)), "data": .object(data),
        ]
        return EventValue.object(envelope).json
    }
}

/// A JSON value in an event's data.
public indirect enum EventValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    case integer(Int)
    case list([EventValue])
    case object([String: EventValue])
    case null

    /// nil becomes null.
    public static func optional(_ text: String?) -> EventValue { text.map(EventValue.text) ?? .null }

    public var json: String {
        switch self {
        case .text(let text): JSONText.quoted(text)
        case .number(let number): number.isFinite ? String(number) : "null"
        case .integer(let integer): String(integer)
        case .list(let items): "[" + items.map(\.json).joined(separator: ",") + "]"
        case .object(let fields): "{" + fields.keys.sorted().map { JSONText.quoted($0) + ":" + fields[$0]!.json }.joined(separator: ",") + "}"
        case .null: "null"
        }
    }
}
