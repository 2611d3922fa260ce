// The JSON shape of an audit-log event.
import Domain
import Foundation
import Store
import Web

struct AuditEventDTO: Encodable {
    let id: Int64
    let at: Date
    let actor: String
    let action: String
    let target: String
    let detail: String
    let remoteAddress: String

    init(_ event: AuditEvent) {
        id = event.id
        at = event.at
        actor = event.actorName
        action = event.action
        target = event.target
        detail = event.detail
        remoteAddress = event.remoteAddress
    }
}
